// The emulator's record lag (`lag=<ms>` on the endpoint): b.well shows a consent in getMemberConnections only
// that long after the provider took it, as the real b.well records with some lag. Alone:
// `node --test test/node/emulator-lag.test.mjs`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator } from '../../emulator/index.mjs';

/** @type {import('../../emulator/index.mjs').Emulator} */
let emulator;

before(async () => {
  emulator = await startEmulator({ hostOrigin: 'http://localhost:8000' });
});
after(() => emulator?.close());

/** @param {string} query @param {string} [flags] @param {Record<string, unknown>} [variables] */
async function post(query, flags = '', variables = {}) {
  const response = await fetch(`${emulator.endpoint}${flags}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer lag-token' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** @param {string} id */
async function statusOf(id) {
  const { data } = await post('{ getMemberConnections { id status statusUpdated } }');
  return data.getMemberConnections.find((/** @type {{ id: string }} */ c) => c.id === id);
}

/** Asks getOauthUrl for `id` with `flags`, and has the provider complete the session with `code`. */
async function consent(id, flags, code = 'success') {
  const query =
    'query getOauthUrl($connectionId: String!) { getOauthUrl(connectionId: $connectionId) { redirectUrl } }';
  const { data } = await post(query, flags, { connectionId: id });
  const session = new URL(data.getOauthUrl.redirectUrl).searchParams.get('session');
  const done = await fetch(`${emulator.providerOrigin}/authorize/complete?session=${session}&code=${code}`, {
    redirect: 'manual',
  });
  assert.equal(done.status, 302);
}

test('lag=<ms>: the consent shows in getMemberConnections only after the lag, stamped with that time', async () => {
  const began = Date.now();
  await consent('lag_one', '?lag=800');
  assert.equal((await statusOf('lag_one')).status, 'DISCONNECTED', 'shown before the lag');
  let shown;
  while (!shown && Date.now() - began < 10_000) {
    const reading = await statusOf('lag_one');
    if (reading.status === 'CONNECTED') shown = reading;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(shown, 'never shown');
  assert.ok(Date.now() - began >= 800, 'shown before the lag was over');
  assert.ok(Date.parse(shown.statusUpdated) - began >= 800, 'statusUpdated is when it showed');
});

test('without lag the consent shows at once; a later consent without lag replaces a pending one', async () => {
  await consent('lag_two', '?lag=60000');
  assert.equal((await statusOf('lag_two')).status, 'DISCONNECTED');
  await consent('lag_two', '', 'error');
  assert.equal((await statusOf('lag_two')).status, 'ERROR');
});

test('a lag that is not a number is none', async () => {
  await consent('lag_three', '?lag=soon');
  assert.equal((await statusOf('lag_three')).status, 'CONNECTED');
});
