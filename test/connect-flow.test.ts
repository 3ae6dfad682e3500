import { expect } from '@open-wc/testing';
import type * as sinon from 'sinon';
import {
  ConnectAttempt,
  DEFAULT_CLOSE_GRACE,
  VERIFY_INTERVAL,
  VERIFY_TIME_LIMIT,
  type ConnectAttemptOptions,
  type ConnectionVerifier,
  type Timers,
} from '../src/connect-flow.js';
import type { ConnectionResult } from '../src/status.js';
import { APP_ORIGIN, FakeHostWindow, deferred, fakeTimers } from './support/fakes.js';

const COMPLETION_ORIGIN = 'https://proxy-pages.client-sandbox.icanbwell.com';
const PROVIDER_URL = new URL('https://provider.example/authorize?session=1');

describe('ConnectAttempt (fake popup, fake timers)', () => {
  let host: FakeHostWindow;
  let timers: Timers;
  let clock: sinon.SinonFakeTimers;
  let request: ReturnType<typeof deferred<URL>>;
  let settled: ConnectionResult[];

  beforeEach(() => {
    host = new FakeHostWindow();
    ({ timers, clock } = fakeTimers());
    request = deferred<URL>();
    settled = [];
  });

  afterEach(() => clock.uninstall());

  function start(overrides: Partial<ConnectAttemptOptions> = {}): ConnectAttempt {
    return new ConnectAttempt({
      connectionId: 'proa_demo',
      requestUrl: () => request.promise,
      trustedOrigins: [COMPLETION_ORIGIN],
      timeout: 300_000,
      pollInterval: 500,
      popupFeatures: 'width=500,height=600',
      onSettle: (result) => settled.push(result),
      hostWindow: host,
      timers,
      ...overrides,
    }).start();
  }

  /** Lets the URL request's promise callbacks run. */
  const flush = () => clock.tickAsync(0);

  function expectReleased(): void {
    expect(host.listenerCount, 'message listeners left').to.equal(0);
    expect(clock.countTimers(), 'timers left').to.equal(0);
    expect(host.popup?.closed, 'popup closed').to.equal(true);
  }

  it('opens a blank popup synchronously, named for the attempt, then navigates it to the URL', async () => {
    const attempt = start();
    expect(host.openCalls).to.deep.equal([
      { url: 'about:blank', target: `bwell-connect-${attempt.nonce}`, features: 'width=500,height=600' },
    ]);
    expect(host.popup!.navigations).to.deep.equal([]);
    request.resolve(PROVIDER_URL);
    await flush();
    expect(host.popup!.navigations).to.deep.equal([PROVIDER_URL.href]);
    expect(settled).to.have.length(0);
  });

  it('ends as popup_blocked at once when window.open returns null, and requests nothing', async () => {
    host.popup = null;
    let requested = 0;
    const attempt = start({ requestUrl: () => (requested++, request.promise) });
    expect(settled).to.have.length(1);
    expect(settled[0]).to.include({ connectionId: 'proa_demo', status: 'popup_blocked' });
    expect(settled[0]!.message).to.match(/blocked the popup/);
    expect(requested).to.equal(0);
    expect(await attempt.result).to.equal(settled[0]);
    expect(clock.countTimers()).to.equal(0);
    expect(host.listenerCount).to.equal(0);
  });

  it('ends as popup_blocked when window.open throws', () => {
    host.open = () => {
      throw new Error('sandboxed');
    };
    start();
    expect(settled.map((r) => r.status)).to.deep.equal(['popup_blocked']);
  });

  it('takes status-success from the popup on a trusted origin: success, popup closed, all released', async () => {
    const attempt = start();
    request.resolve(PROVIDER_URL);
    await flush();
    host.post('status-success', COMPLETION_ORIGIN);
    expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'success' }]);
    expect(Object.isFrozen(settled[0])).to.equal(true);
    expect(await attempt.result).to.equal(settled[0]);
    expectReleased();
  });

  it('maps status-failure to error', () => {
    start();
    host.post('status-failure', COMPLETION_ORIGIN);
    expect(settled.map((r) => r.status)).to.deep.equal(['error']);
  });

  it('trusts the page origin without configuration', () => {
    start({ trustedOrigins: [] });
    host.post('status-success', APP_ORIGIN);
    expect(settled.map((r) => r.status)).to.deep.equal(['success']);
  });

  it('ignores messages from untrusted origins, other windows, and of other shapes', () => {
    start();
    host.post('status-success', 'https://provider.example');
    host.post('status-success', COMPLETION_ORIGIN, {});
    host.post('status-success', COMPLETION_ORIGIN, null);
    for (const data of [{ status: 'success' }, 1, null, undefined, 'status-success ', 'STATUS-SUCCESS', 'success']) {
      host.post(data, COMPLETION_ORIGIN);
    }
    expect(settled).to.have.length(0);
    expect(host.listenerCount).to.equal(1);
  });

  it('accepts the callback helper message only with this attempt nonce', () => {
    const attempt = start();
    host.post({ type: 'bwell-connect:status', nonce: 'someone-else', statusCode: 'success' }, APP_ORIGIN);
    expect(settled).to.have.length(0);
    host.post({ type: 'bwell-connect:status', nonce: attempt.nonce, statusCode: 'expired' }, APP_ORIGIN);
    expect(settled.map((r) => r.status)).to.deep.equal(['expired']);
  });

  it('reads status_code from the popup URL once it is back on the page origin', async () => {
    start();
    request.resolve(PROVIDER_URL);
    await flush();
    await clock.tickAsync(2000);
    expect(settled, 'cross-origin reads are ignored').to.have.length(0);
    host.popup!.crossOrigin = false;
    host.popup!.url = `${APP_ORIGIN}/callback?status_code=cancelled`;
    await clock.tickAsync(500);
    expect(settled.map((r) => r.status)).to.deep.equal(['cancelled']);
    expectReleased();
  });

  it('reports an unknown status_code as error with the raw code', async () => {
    start();
    host.popup!.url = `${APP_ORIGIN}/callback?status_code=weird`;
    await clock.tickAsync(500);
    expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'error', message: 'Unknown status_code: "weird"' }]);
  });

  it('ends as window_closed only after the grace period', async () => {
    start();
    request.resolve(PROVIDER_URL);
    await flush();
    host.popup!.closed = true;
    await clock.tickAsync(500);
    await clock.tickAsync(DEFAULT_CLOSE_GRACE - 1);
    expect(settled).to.have.length(0);
    await clock.tickAsync(1);
    expect(settled.map((r) => r.status)).to.deep.equal(['window_closed']);
    expectReleased();
  });

  it('lets a result that arrives within the grace win over window_closed', async () => {
    start();
    host.popup!.closed = true;
    await clock.tickAsync(500 + DEFAULT_CLOSE_GRACE / 2);
    host.post('status-success', COMPLETION_ORIGIN);
    await clock.tickAsync(DEFAULT_CLOSE_GRACE * 2);
    expect(settled.map((r) => r.status)).to.deep.equal(['success']);
  });

  it('ends as timeout after timeout ms and closes the popup', async () => {
    start({ timeout: 10_000 });
    await clock.tickAsync(9_999);
    expect(settled).to.have.length(0);
    await clock.tickAsync(1);
    expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'timeout', message: 'No result within 10000 ms.' }]);
    expectReleased();
  });

  it('ends as request_failed with the error message and closes the blank popup', async () => {
    start();
    request.reject(new Error('HTTP 500 from https://api.example.'));
    await flush();
    expect(settled).to.deep.equal([
      { connectionId: 'proa_demo', status: 'request_failed', message: 'HTTP 500 from https://api.example.' },
    ]);
    expect(host.popup!.navigations).to.deep.equal([]);
    expectReleased();
  });

  it('cancel() ends as aborted, aborts the request, and drops a late URL', async () => {
    let signal: AbortSignal | undefined;
    const attempt = start({ requestUrl: (s) => ((signal = s), request.promise) });
    attempt.cancel();
    expect(settled.map((r) => r.status)).to.deep.equal(['aborted']);
    expect(signal?.aborted).to.equal(true);
    request.resolve(PROVIDER_URL);
    await flush();
    expect(host.popup!.navigations).to.deep.equal([]);
    attempt.cancel();
    expect(settled).to.have.length(1);
    expectReleased();
  });

  it('settles once when the message and the URL both report', async () => {
    start();
    host.popup!.url = `${APP_ORIGIN}/callback?status_code=success`;
    host.post('status-success', APP_ORIGIN);
    await clock.tickAsync(5000);
    expect(settled).to.have.length(1);
    expect(host.popup!.closeCalls).to.equal(1);
  });

  it('complete() ends the attempt with a status_code handed in from outside', () => {
    const attempt = start();
    attempt.complete('unauthorized');
    expect(settled.map((r) => r.status)).to.deep.equal(['unauthorized']);
  });

  it('focus() brings the popup forward', () => {
    const attempt = start();
    attempt.focus();
    expect(host.popup!.focusCalls).to.equal(1);
  });

  describe('the server check behind a closed reading', () => {
    /** A verifier whose answers the test sets; counts its calls. */
    function fakeVerifier(answer: () => boolean | Promise<boolean>) {
      const calls = { begin: 0, check: 0 };
      const verifier: ConnectionVerifier = {
        begin: () => void (calls.begin += 1),
        check: async () => ((calls.check += 1), answer()),
      };
      return { verifier, calls };
    }

    async function closeAndWaitGrace(): Promise<void> {
      host.popup!.closed = true;
      await clock.tickAsync(500 + DEFAULT_CLOSE_GRACE);
    }

    it('takes a reading at the start and turns a closed reading into a success when b.well confirms', async () => {
      const { verifier, calls } = fakeVerifier(() => true);
      start({ verifier });
      expect(calls.begin).to.equal(1);
      await closeAndWaitGrace();
      expect(calls.check).to.equal(1);
      expect(settled).to.deep.equal([
        { connectionId: 'proa_demo', status: 'success', message: 'b.well confirmed the connection after the popup lost contact.' },
      ]);
      expectReleased();
    });

    it('reports window_closed after the grace when there is no evidence and the page has the focus', async () => {
      const { verifier } = fakeVerifier(() => false);
      start({ verifier });
      await closeAndWaitGrace();
      expect(settled.map((r) => r.status)).to.deep.equal(['window_closed']);
    });

    it('never counts a failed check as a success', async () => {
      const { verifier } = fakeVerifier(() => Promise.reject(new Error('HTTP 500')));
      start({ verifier });
      await closeAndWaitGrace();
      expect(settled.map((r) => r.status)).to.deep.equal(['window_closed']);
    });

    it('does not wait longer than the time limit for a check that never answers', async () => {
      const { verifier } = fakeVerifier(() => new Promise<boolean>(() => {}));
      start({ verifier });
      await closeAndWaitGrace();
      await clock.tickAsync(VERIFY_TIME_LIMIT - 1);
      expect(settled).to.have.length(0);
      await clock.tickAsync(1);
      expect(settled.map((r) => r.status)).to.deep.equal(['window_closed']);
      expectReleased();
    });

    it('keeps asking while the page lacks the focus (COOP), and succeeds once b.well confirms', async () => {
      let made = false;
      const { verifier, calls } = fakeVerifier(() => made);
      host.focused = false;
      start({ verifier });
      await closeAndWaitGrace();
      await clock.tickAsync(VERIFY_INTERVAL * 3);
      expect(settled, 'no verdict while the user may still be in a cut-off popup').to.have.length(0);
      expect(calls.check).to.equal(4);
      made = true;
      await clock.tickAsync(VERIFY_INTERVAL);
      expect(settled.map((r) => r.status)).to.deep.equal(['success']);
      expectReleased();
    });

    it('decides as soon as the page regains the focus', async () => {
      const { verifier } = fakeVerifier(() => false);
      host.focused = false;
      start({ verifier });
      await closeAndWaitGrace();
      await clock.tickAsync(VERIFY_INTERVAL / 4);
      host.focus();
      await clock.tickAsync(0);
      expect(settled.map((r) => r.status)).to.deep.equal(['window_closed']);
      expectReleased();
    });

    it('still ends as timeout when no evidence ever comes', async () => {
      const { verifier } = fakeVerifier(() => false);
      host.focused = false;
      start({ verifier, timeout: 20_000 });
      await closeAndWaitGrace();
      await clock.tickAsync(20_000);
      expect(settled.map((r) => r.status)).to.deep.equal(['timeout']);
      expectReleased();
    });
  });

  describe('modes', () => {
    it('redirect: opens no popup and leaves for the URL with the nonce', async () => {
      const left: Array<[string, string]> = [];
      const attempt = start({ mode: 'redirect', redirect: (url, nonce) => left.push([url.href, nonce]) });
      expect(host.openCalls).to.have.length(0);
      request.resolve(PROVIDER_URL);
      await flush();
      expect(left).to.deep.equal([[PROVIDER_URL.href, attempt.nonce]]);
      expect(settled).to.have.length(0);
    });

    it('redirect: ends as aborted when the page comes back from the back-forward cache without a result', async () => {
      start({ mode: 'redirect', redirect: () => undefined });
      request.resolve(PROVIDER_URL);
      await flush();
      host.pageshow(false);
      expect(settled, 'a first showing is not a return').to.have.length(0);
      host.pageshow(true);
      host.pageshow(true);
      expect(settled).to.deep.equal([
        { connectionId: 'proa_demo', status: 'aborted', message: 'The user came back from the provider without a result.' },
      ]);
      expect(host.listenerCount, 'listeners left').to.equal(0);
      expect(clock.countTimers(), 'timers left').to.equal(0);
    });

    it('auto: falls back to the redirect when the popup is blocked', async () => {
      host.popup = null;
      const left: string[] = [];
      start({ mode: 'auto', redirect: (url) => left.push(url.href) });
      expect(host.openCalls).to.have.length(1);
      expect(settled).to.have.length(0);
      request.resolve(PROVIDER_URL);
      await flush();
      expect(left).to.deep.equal([PROVIDER_URL.href]);
    });

    it('auto: uses the popup when it opens', async () => {
      const left: string[] = [];
      start({ mode: 'auto', redirect: (url) => left.push(url.href) });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(left).to.deep.equal([]);
      expect(host.popup!.navigations).to.deep.equal([PROVIDER_URL.href]);
    });

    it('openUrl: hands the URL to the app, opens no popup, and ends with complete()', async () => {
      const opened: string[] = [];
      const attempt = start({ openUrl: (url) => opened.push(url.href) });
      expect(host.openCalls).to.have.length(0);
      request.resolve(PROVIDER_URL);
      await flush();
      expect(opened).to.deep.equal([PROVIDER_URL.href]);
      attempt.complete('cancelled');
      expect(settled.map((r) => r.status)).to.deep.equal(['cancelled']);
      expect(clock.countTimers()).to.equal(0);
    });
  });
});
