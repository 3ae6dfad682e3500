// bwell-connect/status's schedules with fake timers, against a fake b.well behind `fetch`: the records' import
// (2 s doubling to 30 s, 10 minutes at most), the late-success window (every 5 s and on focus, 2 minutes), the
// page shown again (at most every 30 s), one read at a time, stale answers, shared requests, removal, and no
// timer left once the status is final.
import { expect } from '@open-wc/testing';
import * as sinon from 'sinon';
import '../../src/connection-status/index.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionStatusDetail } from '../../src/events.js';
import type { ConnectionResult } from '../../src/status.js';

const ENDPOINT = 'https://api.status-test.example/v1/graphql';
const STATUS_READ = 'getMemberConnections';

interface Entry {
  id: string;
  status: string;
  statusUpdated?: string | null;
  syncStatus?: string | null;
  lastSynced?: string | null;
}

/** A fake b.well: answers getOauthUrl and getMemberConnections from `list`, records each call and its time. */
class FakeBwell {
  list: Entry[] = [];
  /** Ms each getMemberConnections answer takes (on the fake clock); or per call, by its index. */
  delay: number | ((call: number) => number) = 0;
  /** The HTTP status of the getMemberConnections answers. */
  status = 200;
  calls: Array<{ at: number; authorization: string | null }> = [];
  readonly stub: sinon.SinonStub;

  constructor(readonly clock: sinon.SinonFakeTimers) {
    this.stub = sinon.stub(window, 'fetch').callsFake((input, init) => this.#answer(input, init));
  }

  /** The times of the status reads, in s after the first. */
  get readTimes(): number[] {
    const first = this.calls[0]?.at ?? 0;
    return this.calls.map((call) => (call.at - first) / 1000);
  }

  async #answer(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> {
    const body = String(init?.body ?? '');
    if (body.includes('getOauthUrl'))
      return json({ data: { getOauthUrl: { redirectUrl: 'https://provider.status-test.example/authorize' } } });
    expect(String(input)).to.equal(ENDPOINT);
    expect(body).to.include(STATUS_READ);
    const index = this.calls.length;
    this.calls.push({ at: Date.now(), authorization: new Headers(init?.headers).get('authorization') });
    const list = structuredClone(this.list);
    const delay = typeof this.delay === 'function' ? this.delay(index) : this.delay;
    // As fetch does: an abort ends the wait with the signal's reason.
    await new Promise<void>((resolve, reject) => {
      const signal = init?.signal;
      if (delay === 0) return resolve();
      const timer = setTimeout(resolve, delay);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
    if (this.status !== 200) return json({ errors: [{ message: 'Unauthorized' }] }, this.status);
    return json({ data: { getMemberConnections: list } });
  }
}

/**
 * An answer as fetch gives it, as far as the GraphQL client reads it. Not a real Response: reading one takes the
 * browser a real task, which fake time would run past.
 */
function json(body: unknown, status = 200): Response {
  const text = JSON.stringify(body);
  const headers = new Headers({ 'content-type': 'application/json' });
  return { ok: status >= 200 && status < 300, status, headers, text: async () => text } as Response;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('bwell-connect/status schedules (fake timers)', () => {
  let clock: sinon.SinonFakeTimers;
  let bwell: FakeBwell;
  let container: HTMLElement;

  beforeEach(() => {
    clock = sinon.useFakeTimers({
      now: Date.parse('2026-03-01T10:00:00.000Z'),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    bwell = new FakeBwell(clock);
    container = document.createElement('section');
    document.body.append(container);
  });

  afterEach(async () => {
    // Removed elements stop their reads in a microtask; the fake timers still pending are then dropped.
    container.remove();
    await Promise.resolve();
    sinon.restore();
  });

  /** An element with show-status for `connectionId`, in the page; `events` are its connection-status details. */
  async function showing(connectionId: string, accessToken: BwellConnectElement['accessToken'] = 'schedule-token') {
    const el = document.createElement('bwell-connect');
    el.connectionId = connectionId;
    el.endpoint = ENDPOINT;
    el.accessToken = accessToken;
    el.showStatus = true;
    const events: ConnectionStatusDetail[] = [];
    el.addEventListener('connection-status', (event) => events.push(event.detail));
    container.append(el);
    await el.updateComplete;
    return { el, events };
  }

  it('follows an import: reads after 2, 4, 8, 16, 30, 30 s (each plus the read moment), stops at retrieved, keeps no timer', async () => {
    bwell.list = [{ id: 'sync_a', status: 'CONNECTED', statusUpdated: iso(Date.now()), syncStatus: 'PENDING' }];
    const { el, events } = await showing('sync_a');
    await clock.tickAsync(50 + 2050 + 4050 + 8050 + 16050 + 30050);
    expect(bwell.readTimes).to.deep.equal([0, 2.05, 6.1, 14.15, 30.2, 60.25]);
    bwell.list[0]!.syncStatus = 'RETRIEVED';
    bwell.list[0]!.lastSynced = iso(Date.now());
    await clock.tickAsync(30050);
    expect(bwell.calls).to.have.length(7);
    expect(el.getAttribute('sync-status')).to.equal('retrieved');
    expect(events.map((event) => event.syncStatus)).to.deep.equal(['pending', 'retrieved']);
    expect(clock.countTimers(), 'timers kept once the status is final').to.equal(0);
    await clock.tickAsync(3_600_000);
    expect(bwell.calls).to.have.length(7);
  });

  it('follows an import for 10 minutes at most', async () => {
    bwell.list = [{ id: 'sync_b', status: 'CONNECTED', statusUpdated: iso(Date.now()), syncStatus: 'RETRIEVING' }];
    await showing('sync_b');
    await clock.tickAsync(11 * 60_000);
    const last = bwell.readTimes.at(-1) ?? 0;
    expect(last).to.be.within(570, 600.1);
    expect(bwell.calls.length).to.be.within(20, 25);
    expect(clock.countTimers()).to.equal(0);
  });

  it('an ended attempt that may have succeeded is followed every 5 s and on focus for 2 minutes; a late success replaces lastResult', async () => {
    const { el, events } = await showing('late_a');
    await clock.tickAsync(50);
    expect(el.connectionStatus).to.equal('none');
    const results: ConnectionResult[] = [];
    el.addEventListener('connection-failure', (event) => results.push(event.detail));
    el.addEventListener('connection-success', (event) => results.push(event.detail));
    el.openUrl = () => undefined;
    void el.connect();
    await clock.tickAsync(10);
    el.cancel();
    expect(results.map((result) => result.status)).to.deep.equal(['aborted']);
    await clock.tickAsync(50);
    expect(bwell.calls, 'read after the attempt').to.have.length(2);
    await clock.tickAsync(5050 * 3);
    expect(bwell.calls).to.have.length(5);
    window.dispatchEvent(new Event('focus'));
    await clock.tickAsync(50);
    expect(bwell.calls, 'the page focused again reads at once').to.have.length(6);
    bwell.list = [{ id: 'late_a', status: 'CONNECTED', statusUpdated: iso(Date.now()), syncStatus: 'PENDING' }];
    await clock.tickAsync(5050);
    expect(events.at(-1)).to.deep.equal({
      connectionId: 'late_a',
      status: 'connected',
      statusUpdated: bwell.list[0]!.statusUpdated,
      syncStatus: 'pending',
      lateSuccess: true,
    });
    expect(el.lastResult).to.deep.include({
      connectionId: 'late_a',
      status: 'success',
      verified: true,
      previousStatus: 'none',
      attemptId: results[0]!.attemptId,
    });
    expect(results, 'no second terminal event').to.have.length(1);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('succeeded');
  });

  it('the late window closes after 2 minutes with nothing found, and keeps no timer', async () => {
    const { el } = await showing('late_b');
    await clock.tickAsync(50);
    el.openUrl = () => undefined;
    void el.connect();
    await clock.tickAsync(10);
    el.cancel();
    await clock.tickAsync(130_000);
    // The read after the attempt, then one every 5 s (each read waits its moment of 50 ms) until 2 minutes are up.
    const late = bwell.readTimes.slice(1).map((time, _i, times) => time - (times[0] ?? 0));
    const gaps = late.slice(1).map((time, i) => Math.round((time - late[i]!) * 1000));
    expect(
      gaps.slice(0, -1).every((gap) => gap === 5050),
      `gaps ${gaps}`,
    ).to.equal(true);
    expect(late.at(-1)).to.be.within(119.9, 120.1);
    expect(clock.countTimers()).to.equal(0);
    const reads = bwell.calls.length;
    window.dispatchEvent(new Event('focus'));
    await clock.tickAsync(100);
    expect(bwell.calls.length, 'focus after the window reads nothing').to.equal(reads);
  });

  it('a click on a disabled element starts no late window: one read after it, then no timer', async () => {
    const { el } = await showing('disabled_a');
    await clock.tickAsync(50);
    el.disabled = true;
    await el.updateComplete;
    expect((await el.connect()).status).to.equal('aborted');
    await clock.tickAsync(60_000);
    expect(bwell.calls).to.have.length(2);
    expect(clock.countTimers()).to.equal(0);
  });

  it('a page shown again reads at most every 30 s', async () => {
    bwell.list = [{ id: 'seen', status: 'CONNECTED', syncStatus: 'RETRIEVED', lastSynced: iso(Date.now()) }];
    await showing('seen');
    await clock.tickAsync(10_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(100);
    expect(bwell.calls).to.have.length(1);
    await clock.tickAsync(20_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(100);
    expect(bwell.calls).to.have.length(2);
    expect(clock.countTimers()).to.equal(0);
  });

  it('a stale answer never wins: the old id’s slow answer is dropped, the new id’s counts', async () => {
    bwell.list = [
      { id: 'stale_old', status: 'EXPIRED' },
      { id: 'stale_new', status: 'CONNECTED', syncStatus: 'RETRIEVED' },
    ];
    bwell.delay = (call) => (call === 0 ? 5000 : 0);
    const { el, events } = await showing('stale_old');
    await clock.tickAsync(1000);
    el.connectionId = 'stale_new';
    await clock.tickAsync(10_000);
    expect(events.map((event) => [event.connectionId, event.status])).to.deep.equal([['stale_new', 'connected']]);
    expect(el.connectionStatus).to.equal('connected');
  });

  it('a stale answer never wins: a read made with the old token is replaced by the one with the new token', async () => {
    bwell.list = [{ id: 'token_a', status: 'EXPIRED' }];
    bwell.delay = (call) => (call === 0 ? 5000 : 0);
    const { el, events } = await showing('token_a', 'old-token');
    await clock.tickAsync(1000);
    bwell.list = [{ id: 'token_a', status: 'CONNECTED', syncStatus: 'RETRIEVED' }];
    el.accessToken = 'new-token';
    await clock.tickAsync(10_000);
    expect(bwell.calls.map((call) => call.authorization)).to.deep.equal(['Bearer old-token', 'Bearer new-token']);
    expect(events.map((event) => event.status)).to.deep.equal(['connected']);
  });

  it('one read at a time: triggers during a read start no other', async () => {
    bwell.delay = 3000;
    await showing('busy');
    await clock.tickAsync(100);
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(5000);
    expect(bwell.calls).to.have.length(1);
  });

  it('a hundred elements in one task share one request; the token function is called once for it', async () => {
    const token = sinon.spy(() => 'shared-token');
    const elements: BwellConnectElement[] = [];
    for (let i = 0; i < 100; i++) {
      const el = document.createElement('bwell-connect');
      el.connectionId = `list_${i}`;
      el.endpoint = ENDPOINT;
      el.accessToken = token;
      el.showStatus = true;
      container.append(el);
      elements.push(el);
    }
    await clock.tickAsync(100);
    expect(bwell.calls).to.have.length(1);
    expect(token.callCount).to.equal(1);
    expect(elements.every((el) => el.getAttribute('connection-status') === 'none')).to.equal(true);
    const refreshed = elements[0]!.refreshStatus();
    await clock.tickAsync(100);
    expect(await refreshed).to.deep.equal({ connectionId: 'list_0', status: 'none' });
    expect(token.callCount, 'called again for the next request').to.equal(2);
  });

  it('idle elements whose status is final keep no timer: connected and retrieved, none, a failed read', async () => {
    bwell.list = [{ id: 'final_a', status: 'CONNECTED', syncStatus: 'RETRIEVED' }];
    await showing('final_a');
    await showing('final_none');
    await clock.tickAsync(100);
    expect(clock.countTimers()).to.equal(0);
    bwell.status = 401;
    const warn = sinon.stub(console, 'warn');
    const { el } = await showing('final_failed', 'another-token');
    await clock.tickAsync(100);
    expect(el.hasAttribute('connection-status'), 'never known').to.equal(false);
    expect(warn.callCount).to.equal(1);
    expect(String(warn.firstCall.args[0])).to.match(
      /^<bwell-connect>: the connection's status could not be read\. HTTP 401/,
    );
    expect(clock.countTimers()).to.equal(0);
    expect(el.shadowRoot?.querySelector('button')?.disabled).to.equal(false);
  });

  it('removal stops the reads and their timers; coming back reads again', async () => {
    bwell.list = [{ id: 'moved', status: 'CONNECTED', syncStatus: 'PENDING' }];
    const { el } = await showing('moved');
    await clock.tickAsync(2100);
    expect(bwell.calls).to.have.length(2);
    el.remove();
    await clock.tickAsync(600_000);
    expect(bwell.calls).to.have.length(2);
    expect(clock.countTimers()).to.equal(0);
    container.append(el);
    await clock.tickAsync(100);
    expect(bwell.calls).to.have.length(3);
  });

  it('a read in flight when the element is removed is aborted', async () => {
    bwell.delay = 5000;
    const { el, events } = await showing('gone');
    await clock.tickAsync(100);
    el.remove();
    await clock.tickAsync(10_000);
    expect(events).to.have.length(0);
    expect(el.hasAttribute('connection-status')).to.equal(false);
  });
});
