// The emulator's connection scenarios for the status capability: prefixes, the records' import after an Allow
// (`sync`), a b.well that records late (`lag`), the fields getMemberConnections answers, the test hook that
// sets a connection, and --help naming them all. The state's clock is a fake one; the HTTP checks share one
// emulator.   node --test test/node/emulator-status.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.mjs';
import { syncMode } from '../../emulator/schema.mjs';
import { createState } from '../../emulator/state.mjs';

/** A state on a clock the test moves. */
function stateAt(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  const clock = { now: start };
  const state = createState({ now: () => clock.now });
  const find = (/** @type {string} */ id) => state.memberConnections().find((c) => c.id === id);
  /** Signs in for `id` with the given flags and leaves the provider with `code`. */
  const allow = (/** @type {string} */ id, flags = {}, code = 'success') => {
    state.seeConnection(id);
    const session = state.openSession({ connectionId: id, returnUrl: 'https://completion.test/index.html', ...flags });
    state.completeSession(session, code);
  };
  return { clock, state, find, allow };
}

describe('state: scenarios by connection id', () => {
  test('epic_on_fhir_sandbox stays CONNECTED and RETRIEVED; the demo ids are listed from the start', () => {
    const { clock, find } = stateAt();
    const epic = find('epic_on_fhir_sandbox');
    clock.now += 3_600_000;
    assert.deepEqual(find('epic_on_fhir_sandbox'), epic);
    assert.equal(epic?.status, 'CONNECTED');
    assert.equal(epic?.syncStatus, 'RETRIEVED');
    assert.match(epic?.lastSynced ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(find('expired_demo')?.status, 'EXPIRED');
    assert.equal(find('disconnected_demo')?.status, 'DISCONNECTED');
  });

  test('expired_<anything> joins as EXPIRED, stays so through a Deny, and an Allow makes it CONNECTED', () => {
    const { clock, state, find, allow } = stateAt();
    assert.equal(find('expired_x1'), undefined, 'not listed before anything asked about it');
    state.seeConnection('expired_x1');
    assert.equal(find('expired_x1')?.status, 'EXPIRED');
    allow('expired_x1', {}, 'cancelled');
    assert.equal(find('expired_x1')?.status, 'EXPIRED');
    clock.now += 1000;
    allow('expired_x1');
    assert.equal(find('expired_x1')?.status, 'CONNECTED');
    assert.equal(find('expired_x1')?.statusUpdated, new Date(clock.now).toISOString());
  });

  test('disconnected_<anything> joins as DISCONNECTED; another id too, until an Allow', () => {
    const { state, find, allow } = stateAt();
    state.seeConnection('disconnected_y');
    state.seeConnection('proa_new');
    assert.equal(find('disconnected_y')?.status, 'DISCONNECTED');
    assert.equal(find('proa_new')?.status, 'DISCONNECTED');
    allow('disconnected_y');
    assert.equal(find('disconnected_y')?.status, 'CONNECTED');
  });
});

describe('state: the import of records after an Allow', () => {
  /** The syncStatus at each of `times` (ms after the Allow). */
  function syncAt(/** @type {number[]} */ times, flags = {}) {
    const { clock, find, allow } = stateAt();
    const start = clock.now;
    allow('proa_sync', flags);
    return times.map((ms) => {
      clock.now = start + ms;
      const { syncStatus, lastSynced } = find('proa_sync') ?? {};
      return [ms, syncStatus, lastSynced];
    });
  }

  test('PENDING → RETRIEVING → RETRIEVED over about 6 s, with lastSynced once retrieved', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    assert.deepEqual(syncAt([0, 1499, 1500, 5999, 6000, 60_000]), [
      [0, 'PENDING', null],
      [1499, 'PENDING', null],
      [1500, 'RETRIEVING', null],
      [5999, 'RETRIEVING', null],
      [6000, 'RETRIEVED', new Date(start + 6000).toISOString()],
      [60_000, 'RETRIEVED', new Date(start + 6000).toISOString()],
    ]);
  });

  test('sync=error ends in ERROR; sync=slow takes 60 s', () => {
    assert.deepEqual(
      syncAt([1000, 3000, 6000, 600_000], { sync: 'error' }).map(([, sync]) => sync),
      ['PENDING', 'RETRIEVING', 'ERROR', 'ERROR'],
    );
    assert.deepEqual(
      syncAt([6000, 30_000, 59_999, 60_000], { sync: 'slow' }).map(([, sync]) => sync),
      ['PENDING', 'RETRIEVING', 'RETRIEVING', 'RETRIEVED'],
    );
  });

  test('an Allow on an expired connection imports again, from PENDING', () => {
    const { clock, find, allow } = stateAt();
    allow('expired_z');
    assert.equal(find('expired_z')?.syncStatus, 'PENDING');
    clock.now += 6000;
    assert.equal(find('expired_z')?.syncStatus, 'RETRIEVED');
  });
});

describe('state: lag, a b.well that records late', () => {
  test('the new CONNECTED shows only lag ms after the Allow, stamped then; the import starts then', () => {
    const { clock, find, allow } = stateAt();
    const start = clock.now;
    allow('expired_lag', { lag: 8000 });
    assert.equal(find('expired_lag')?.status, 'EXPIRED');
    clock.now = start + 7999;
    assert.equal(find('expired_lag')?.status, 'EXPIRED');
    clock.now = start + 8000;
    assert.deepEqual(find('expired_lag'), {
      id: 'expired_lag',
      status: 'CONNECTED',
      statusUpdated: new Date(start + 8000).toISOString(),
      syncStatus: 'PENDING',
      lastSynced: '2025-01-15T09:45:00.000Z',
    });
    clock.now = start + 14_000;
    assert.equal(find('expired_lag')?.syncStatus, 'RETRIEVED');
  });

  test('a connection new to the member shows as asked-about (DISCONNECTED) until b.well records the Allow', () => {
    const { clock, state, find } = stateAt();
    const session = state.openSession({ connectionId: 'late_new', returnUrl: 'https://completion.test/', lag: 5000 });
    state.completeSession(session, 'success');
    assert.equal(find('late_new')?.status, 'DISCONNECTED');
    clock.now += 5000;
    assert.equal(find('late_new')?.status, 'CONNECTED');
  });

  test('an error is recorded late too, and replaces an Allow not recorded yet', () => {
    const { clock, state, find } = stateAt();
    const start = clock.now;
    const allow = state.openSession({ connectionId: 'expired_race', returnUrl: 'https://c.test/', lag: 5000 });
    state.completeSession(allow, 'success');
    const fail = state.openSession({ connectionId: 'expired_race', returnUrl: 'https://c.test/', lag: 1000 });
    state.completeSession(fail, 'error');
    clock.now = start + 1000;
    assert.equal(find('expired_race')?.status, 'ERROR');
    clock.now = start + 10_000;
    assert.equal(find('expired_race')?.status, 'ERROR', 'the replaced Allow never shows');
  });

  test('sync is one of the modes', () => {
    assert.equal(syncMode({}), 'normal');
    assert.equal(syncMode({ sync: 'slow' }), 'slow');
    assert.throws(() => syncMode({ sync: 'fast' }), /unknown sync "fast"; known: normal, error, slow/);
  });
});

describe('over HTTP', () => {
  /** @type {import('../../emulator/index.mjs').Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ hostOrigin: 'http://localhost:8000' });
  });
  after(() => emulator?.close());

  /** @param {string} query @param {Record<string, unknown>} [variables] @param {string} [flags] */
  async function graphql(query, variables, flags = '') {
    const response = await fetch(`${emulator.endpoint}${flags}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer status-test',
        origin: 'http://localhost:8000',
      },
      body: JSON.stringify({ query, variables }),
    });
    return /** @type {any} */ (await response.json());
  }
  const MEMBER = '{ getMemberConnections { id status statusUpdated syncStatus lastSynced } }';
  const OAUTH =
    'query getOauthUrl($connectionId: String!) { getOauthUrl(connectionId: $connectionId) { redirectUrl } }';

  test('getMemberConnections answers syncStatus, lastSynced and statusUpdated', async () => {
    const { data } = await graphql(MEMBER);
    assert.deepEqual(data.getMemberConnections[0], {
      id: 'epic_on_fhir_sandbox',
      status: 'CONNECTED',
      statusUpdated: '2025-01-15T09:30:00.000Z',
      syncStatus: 'RETRIEVED',
      lastSynced: '2025-01-15T09:45:00.000Z',
    });
  });

  test('an Allow with ?lag shows CONNECTED that late, then PENDING; getOauthUrl refuses a bad flag', async () => {
    const { data } = await graphql(OAUTH, { connectionId: 'expired_http' }, '?lag=400');
    const url = new URL(data.getOauthUrl.redirectUrl);
    const find = async () =>
      (await graphql(MEMBER)).data.getMemberConnections.find((/** @type {any} */ c) => c.id === 'expired_http');
    assert.equal((await find()).status, 'EXPIRED');
    await fetch(
      `${emulator.providerOrigin}/authorize/complete?session=${url.searchParams.get('session')}&code=success`,
      { redirect: 'manual' },
    );
    assert.equal((await find()).status, 'EXPIRED', 'not recorded yet');
    await new Promise((resolve) => setTimeout(resolve, 450));
    const connected = await find();
    assert.equal(connected.status, 'CONNECTED');
    assert.equal(connected.syncStatus, 'PENDING');
    const refused = await graphql(OAUTH, { connectionId: 'proa_flags' }, '?sync=fast');
    assert.match(refused.errors[0].message, /unknown sync "fast"/);
  });

  test('POST /__emulator/connections sets a connection; unknown fields and GET are refused', async () => {
    const hook = `${emulator.apiOrigin}/__emulator/connections`;
    const set = await fetch(`${hook}?id=access_ended_1&status=ACCESS_ENDED&syncStatus=`, { method: 'POST' });
    assert.equal(set.status, 200);
    const { data } = await graphql(MEMBER);
    const entry = data.getMemberConnections.find((/** @type {any} */ c) => c.id === 'access_ended_1');
    assert.equal(entry.status, 'ACCESS_ENDED');
    assert.equal(entry.syncStatus, null);
    assert.equal((await fetch(`${hook}?id=x&colour=red`, { method: 'POST' })).status, 400);
    assert.equal((await fetch(`${hook}?status=EXPIRED`, { method: 'POST' })).status, 400);
    assert.equal((await fetch(`${hook}?id=x`)).status, 405);
  });
});

test('--help names the scenarios: prefixes, lag, sync and the connections hook', async () => {
  const cli = fileURLToPath(new URL('../../emulator/cli.mjs', import.meta.url));
  const child = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise((resolve) => child.once('close', resolve));
  assert.equal(code, 0);
  for (const text of [
    'expired_<anything>',
    'disconnected_<anything>',
    'epic_on_fhir_sandbox',
    'lag=<ms>',
    'sync=error|slow',
    'RETRIEVED',
    '/__emulator/connections',
  ]) {
    assert.ok(stdout.includes(text), `--help mentions ${text}`);
  }
});
