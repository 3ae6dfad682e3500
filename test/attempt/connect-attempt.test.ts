import { expect } from '@open-wc/testing';
import type * as sinon from 'sinon';
import { ConnectAttempt } from '../../src/attempt/connect-attempt.js';
import type { AttemptOptions, ConnectionVerifier } from '../../src/attempt/contracts.js';
import { DEFAULTS } from '../../src/settings.js';
import { WINDOW_CLOSED_MESSAGE } from '../../src/attempt/popup.js';
import { CALLBACK_MESSAGE_TYPE, popupWindowName, redirectRecordKey } from '../../src/protocol.js';
import { AttemptHarness, COMPLETION_ORIGIN, PROVIDER_URL } from '../support/attempt-harness.js';
import { APP_ORIGIN, type FakeHostWindow } from '../support/fakes.js';

describe('ConnectAttempt (fake popup, fake timers)', () => {
  let harness: AttemptHarness;
  let host: FakeHostWindow;
  let clock: sinon.SinonFakeTimers;
  let request: AttemptHarness['request'];
  let settled: AttemptHarness['settled'];
  let results: AttemptHarness['results'];

  beforeEach(() => {
    harness = new AttemptHarness();
    ({ host, clock, request, settled, results } = harness);
  });

  afterEach(() => harness.uninstall());

  const start = (overrides: Partial<AttemptOptions> = {}) => harness.start(overrides);

  /** Lets the URL request's promise callbacks run. */
  const flush = () => clock.tickAsync(0);

  /** Every listener released, the popup closed, and no timer left once the close re-checks (1 s) are done. */
  async function expectReleased(): Promise<void> {
    expect(host.listenerCount, 'listeners left').to.equal(0);
    expect(host.popup?.closed, 'popup closed').to.equal(true);
    await clock.tickAsync(1000);
    expect(clock.countTimers(), 'timers left').to.equal(0);
  }

  /** Ticks `ms` from now: nothing has settled 1 ms before, and the attempt has settled as `status` at `ms`. */
  async function expectSettlesAfter(ms: number, status: string): Promise<void> {
    await clock.tickAsync(ms - 1);
    expect(settled, `settled ${ms - 1} ms on`).to.have.length(0);
    await clock.tickAsync(1);
    expect(settled.map((r) => r.status)).to.deep.equal([status]);
  }

  it('opens a blank popup synchronously, named for the attempt, then navigates it to the URL', async () => {
    const attempt = start();
    expect(host.openCalls).to.deep.equal([
      { url: 'about:blank', target: popupWindowName(attempt.nonce), features: 'width=500,height=600' },
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
    expect(await attempt.result).to.equal(results[0]);
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
    expect(Object.isFrozen(results[0])).to.equal(true);
    expect(await attempt.result).to.equal(results[0]);
    await expectReleased();
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
    host.post({ type: CALLBACK_MESSAGE_TYPE, nonce: 'someone-else', statusCode: 'success' }, APP_ORIGIN);
    expect(settled).to.have.length(0);
    host.post({ type: CALLBACK_MESSAGE_TYPE, nonce: attempt.nonce, statusCode: 'expired' }, APP_ORIGIN);
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
    await expectReleased();
  });

  it('reports an unknown status_code as error with the raw code', async () => {
    start();
    host.popup!.url = `${APP_ORIGIN}/callback?status_code=weird`;
    await clock.tickAsync(500);
    expect(settled).to.deep.equal([
      { connectionId: 'proa_demo', status: 'error', message: 'Unknown status_code: "weird"' },
    ]);
  });

  it('ends as window_closed only after the grace period', async () => {
    start();
    request.resolve(PROVIDER_URL);
    await flush();
    host.popup!.closed = true;
    await clock.tickAsync(500);
    await expectSettlesAfter(DEFAULTS.closeGrace, 'window_closed');
    await expectReleased();
  });

  it('lets a result that arrives within the grace win over window_closed', async () => {
    start();
    host.popup!.closed = true;
    await clock.tickAsync(500 + DEFAULTS.closeGrace / 2);
    host.post('status-success', COMPLETION_ORIGIN);
    await clock.tickAsync(DEFAULTS.closeGrace * 2);
    expect(settled.map((r) => r.status)).to.deep.equal(['success']);
  });

  it('ends as timeout after timeout ms and closes the popup', async () => {
    start({ timeout: 10_000 });
    await expectSettlesAfter(10_000, 'timeout');
    expect(settled).to.deep.equal([
      { connectionId: 'proa_demo', status: 'timeout', message: 'No result within 10000 ms.' },
    ]);
    await expectReleased();
  });

  it('ends as request_failed with the error message and closes the blank popup', async () => {
    start();
    request.reject(new Error('HTTP 500 from https://api.example.'));
    await flush();
    expect(settled).to.deep.equal([
      { connectionId: 'proa_demo', status: 'request_failed', message: 'HTTP 500 from https://api.example.' },
    ]);
    expect(host.popup!.navigations).to.deep.equal([]);
    await expectReleased();
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
    await expectReleased();
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
      await clock.tickAsync(500 + DEFAULTS.closeGrace);
    }

    it('takes a reading once the provider is shown and turns a closed reading into a success when b.well confirms', async () => {
      const { verifier, calls } = fakeVerifier(() => true);
      start({ verifier });
      expect(calls.begin, 'not beside the URL request, which is on the user’s path').to.equal(0);
      request.resolve(PROVIDER_URL);
      await flush();
      expect(calls.begin).to.equal(1);
      await closeAndWaitGrace();
      expect(calls.check).to.equal(1);
      expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'success', verified: true }]);
      await expectReleased();
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
      await expectSettlesAfter(DEFAULTS.verifyTimeLimit, 'window_closed');
      await expectReleased();
    });

    it('keeps asking while the page lacks the focus (COOP), and succeeds once b.well confirms', async () => {
      let made = false;
      const { verifier, calls } = fakeVerifier(() => made);
      host.focused = false;
      start({ verifier });
      await closeAndWaitGrace();
      await clock.tickAsync(DEFAULTS.verifyInterval * 3);
      expect(settled, 'no verdict while the user may still be in a cut-off popup').to.have.length(0);
      expect(calls.check).to.equal(4);
      made = true;
      await clock.tickAsync(DEFAULTS.verifyInterval);
      expect(settled.map((r) => r.status)).to.deep.equal(['success']);
      await expectReleased();
    });

    it('decides as soon as the page regains the focus', async () => {
      const { verifier } = fakeVerifier(() => false);
      host.focused = false;
      start({ verifier });
      await closeAndWaitGrace();
      await clock.tickAsync(DEFAULTS.verifyInterval / 4);
      host.focus();
      await clock.tickAsync(0);
      expect(settled.map((r) => r.status)).to.deep.equal(['window_closed']);
      await expectReleased();
    });

    it('still ends as timeout when no evidence ever comes', async () => {
      const { verifier } = fakeVerifier(() => false);
      host.focused = false;
      start({ verifier, timeout: 20_000 });
      await closeAndWaitGrace();
      await clock.tickAsync(20_000);
      expect(settled.map((r) => r.status)).to.deep.equal(['timeout']);
      await expectReleased();
    });
  });

  describe('modes', () => {
    const recordKey = redirectRecordKey('proa_demo');

    it('redirect: opens no popup, records the attempt, and leaves for the URL', async () => {
      const attempt = start({ mode: 'redirect' });
      expect(host.openCalls).to.have.length(0);
      expect(JSON.parse(host.storage.get(recordKey)!)).to.include({ nonce: attempt.nonce });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(host.assigned).to.deep.equal([PROVIDER_URL.href]);
      expect(attempt.phase).to.equal('leaving');
      expect(settled).to.have.length(0);
    });

    it('redirect: ends as aborted when the page comes back from the back-forward cache, and forgets the record', async () => {
      start({ mode: 'redirect' });
      request.resolve(PROVIDER_URL);
      await flush();
      host.pageshow(false);
      expect(settled, 'a first showing is not a return').to.have.length(0);
      host.pageshow(true);
      host.pageshow(true);
      expect(settled).to.deep.equal([
        {
          connectionId: 'proa_demo',
          status: 'aborted',
          message: 'The user came back from the provider without a result.',
        },
      ]);
      expect(host.storage.has(recordKey), 'record left').to.equal(false);
      expect(host.listenerCount, 'listeners left').to.equal(0);
      expect(clock.countTimers(), 'timers left').to.equal(0);
    });

    it('redirect: a page that did not leave (navigation cancelled) ends as aborted after the limit', async () => {
      start({ mode: 'redirect' });
      request.resolve(PROVIDER_URL);
      await flush();
      await expectSettlesAfter(DEFAULTS.leaveTimeLimit, 'aborted');
      expect(settled[0]!.message).to.match(/did not leave for the provider/);
      expect(host.storage.has(recordKey), 'record left').to.equal(false);
    });

    for (const [ending, end] of [
      ['a request failure', () => request.reject(new Error('no'))],
      ['cancel()', (attempt: ConnectAttempt) => attempt.cancel()],
      ['the timeout', () => clock.tickAsync(300_000)],
    ] as const) {
      it(`redirect: ${ending} removes the record`, async () => {
        const attempt = start({ mode: 'redirect' });
        expect(host.storage.has(recordKey)).to.equal(true);
        await end(attempt);
        await flush();
        expect(settled).to.have.length(1);
        expect(host.storage.has(recordKey), 'record left').to.equal(false);
      });
    }

    it("redirect: leaves another attempt's record alone", () => {
      const attempt = start({ mode: 'redirect' });
      const other = JSON.stringify({ nonce: 'f'.repeat(32), expiresAt: Date.now() + 1000 });
      host.storage.set(recordKey, other);
      attempt.cancel();
      expect(host.storage.get(recordKey)).to.equal(other);
    });

    it('redirect without usable storage: request_failed at once, naming the cause, nothing requested', () => {
      host.storageBlocked = true;
      let requested = 0;
      start({ mode: 'redirect', requestUrl: () => (requested++, request.promise) });
      expect(settled).to.have.length(1);
      expect(settled[0]).to.include({ status: 'request_failed' });
      expect(settled[0]!.message).to.match(/needs sessionStorage/);
      expect(requested).to.equal(0);
    });

    it('popup without usable storage: the popup still opens (the nonce goes by the window name)', async () => {
      host.storageBlocked = true;
      const attempt = start();
      expect(host.openCalls).to.have.length(1);
      expect(host.openCalls[0]!.target).to.equal(popupWindowName(attempt.nonce));
      host.post({ type: CALLBACK_MESSAGE_TYPE, nonce: attempt.nonce, statusCode: 'success' }, APP_ORIGIN);
      expect(settled.map((r) => r.status)).to.deep.equal(['success']);
    });

    it('auto: falls back to the redirect when the popup is blocked', async () => {
      host.popup = null;
      start({ mode: 'auto' });
      expect(host.openCalls).to.have.length(1);
      expect(settled).to.have.length(0);
      request.resolve(PROVIDER_URL);
      await flush();
      expect(host.assigned).to.deep.equal([PROVIDER_URL.href]);
    });

    it('auto: uses the popup when it opens', async () => {
      start({ mode: 'auto' });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(host.assigned).to.deep.equal([]);
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

  describe('phases, and one ending for every failure', () => {
    it('goes opening → requesting-url → at-provider → confirming-close → settled', async () => {
      const phases: string[] = [];
      const attempt: ConnectAttempt = new ConnectAttempt({
        connectionId: 'proa_demo',
        requestUrl: (): Promise<URL> => (phases.push(attempt.phase), request.promise),
        trustedOrigins: [],
        timeout: 300_000,
        pollInterval: 500,
        popupFeatures: '',
        hostWindow: host,
        timers: harness.timers,
      });
      phases.push(attempt.phase);
      attempt.start();
      await flush();
      request.resolve(PROVIDER_URL);
      await flush();
      phases.push(attempt.phase);
      host.popup!.closed = true;
      await clock.tickAsync(500);
      phases.push(attempt.phase);
      await clock.tickAsync(DEFAULTS.closeGrace);
      phases.push(attempt.phase);
      expect(phases).to.deep.equal(['opening', 'requesting-url', 'at-provider', 'confirming-close', 'settled']);
    });

    it('a requestUrl that throws synchronously: request_failed, start() does not throw', async () => {
      start({
        requestUrl: () => {
          throw new Error('secret https://provider.example/authorize?token=1');
        },
      });
      expect(settled).to.have.length(1);
      expect(settled[0]).to.include({ status: 'request_failed', message: 'The attempt could not start.' });
      await expectReleased();
    });

    it('an openUrl that throws: request_failed at once, without the error (it may quote the URL)', async () => {
      start({
        openUrl: (url) => {
          throw new Error(`cannot open ${url.href}`);
        },
      });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(settled).to.deep.equal([
        { connectionId: 'proa_demo', status: 'request_failed', message: 'The openUrl function threw.' },
      ]);
      expect(clock.countTimers()).to.equal(0);
    });

    it('a redirect whose navigation throws: request_failed naming the cause, record removed', async () => {
      host.location.assign = () => {
        throw new DOMException('blocked', 'SecurityError');
      };
      start({ mode: 'redirect' });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(settled).to.have.length(1);
      expect(settled[0]).to.include({ status: 'request_failed' });
      expect(settled[0]!.message).to.match(/could not leave for the provider/);
      expect(host.storage.size).to.equal(0);
    });

    it('a popup that cannot be navigated: request_failed, popup closed', async () => {
      Object.defineProperty(host.popup!, 'location', {
        get() {
          throw new DOMException('gone', 'SecurityError');
        },
      });
      start();
      request.resolve(PROVIDER_URL);
      await flush();
      expect(settled.map((r) => [r.status, r.message])).to.deep.equal([
        ['request_failed', 'The popup could not be navigated.'],
      ]);
      expect(host.popup!.closeCalls).to.equal(1);
    });

    it('documentUnloaded(): aborted with a popup; nothing while the page leaves for the provider on purpose', async () => {
      const popupAttempt = start();
      popupAttempt.documentUnloaded();
      expect(settled.map((r) => [r.status, r.message])).to.deep.equal([
        ['aborted', 'The page was unloaded during the attempt.'],
      ]);
      const redirectAttempt = start({ mode: 'redirect' });
      request.resolve(PROVIDER_URL);
      await flush();
      redirectAttempt.documentUnloaded();
      expect(settled).to.have.length(1);
    });

    it('a closed popup is confirmed in one loop, however often the page regains the focus', async () => {
      let checks = 0;
      const verifier: ConnectionVerifier = { begin: () => undefined, check: async () => (checks++, false) };
      host.focused = false;
      start({ verifier });
      request.resolve(PROVIDER_URL);
      await flush();
      host.popup!.closed = true;
      await clock.tickAsync(500 + DEFAULTS.closeGrace);
      for (let glance = 0; glance < 5; glance += 1) {
        host.focused = false;
        host.focus();
        host.focused = false;
        await clock.tickAsync(0);
      }
      const afterGlances = checks;
      await clock.tickAsync(DEFAULTS.verifyInterval * 10);
      expect(checks - afterGlances, 'one check per interval after the glances').to.equal(10);
      expect(settled).to.have.length(0);
    });

    it('window_closed says that Cross-Origin-Opener-Policy may have cut the popup off', async () => {
      start();
      request.resolve(PROVIDER_URL);
      await flush();
      host.popup!.closed = true;
      await clock.tickAsync(500 + DEFAULTS.closeGrace);
      expect(settled).to.deep.equal([
        { connectionId: 'proa_demo', status: 'window_closed', message: WINDOW_CLOSED_MESSAGE },
      ]);
      expect(WINDOW_CLOSED_MESSAGE).to.match(/Cross-Origin-Opener-Policy/);
    });
  });

  describe('verify-success', () => {
    function verifierAnswering(answers: boolean[]) {
      const calls = { check: 0 };
      const verifier: ConnectionVerifier = {
        begin: () => undefined,
        check: async () => answers[calls.check++] ?? false,
      };
      return { verifier, calls };
    }

    it('a success from the page side settles only once b.well confirms it: verified: true', async () => {
      const { verifier, calls } = verifierAnswering([false, false, true]);
      const attempt = start({ verifier, verifySuccess: true });
      host.post('status-success', COMPLETION_ORIGIN);
      expect(attempt.phase).to.equal('confirming-success');
      host.post('status-failure', COMPLETION_ORIGIN);
      await clock.tickAsync(2500);
      expect(calls.check).to.equal(3);
      expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'success', verified: true }]);
      await expectReleased();
    });

    it('no confirmation within 5 s: error, "b.well did not confirm the connection."', async () => {
      const { verifier } = verifierAnswering([]);
      start({ verifier, verifySuccess: true });
      host.popup!.url = `${APP_ORIGIN}/callback?status_code=success`;
      await clock.tickAsync(500);
      await expectSettlesAfter(DEFAULTS.confirmSuccessTime, 'error');
      expect(settled).to.deep.equal([
        { connectionId: 'proa_demo', status: 'error', message: 'b.well did not confirm the connection.' },
      ]);
      await expectReleased();
    });

    it('without a verifier a success cannot be confirmed: error at once', () => {
      start({ verifySuccess: true });
      host.post('status-success', COMPLETION_ORIGIN);
      expect(settled.map((r) => r.status)).to.deep.equal(['error']);
    });

    it('a confirmation is final: the popup closing meanwhile neither changes the phase nor ends the attempt', async () => {
      const { verifier } = verifierAnswering([false, false, false, true]);
      const attempt = start({ verifier, verifySuccess: true });
      request.resolve(PROVIDER_URL);
      await flush();
      host.post('status-success', COMPLETION_ORIGIN);
      host.popup!.closed = true;
      await clock.tickAsync(500 + DEFAULTS.closeGrace + 500);
      expect(attempt.phase, 'still confirming').to.equal('confirming-success');
      expect(settled).to.deep.equal([]);
      await clock.tickAsync(2000);
      expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'success', verified: true }]);
      await expectReleased();
    });

    it('cancel() during a confirmation ends the attempt at once as aborted', async () => {
      const { verifier, calls } = verifierAnswering([]);
      const attempt = start({ verifier, verifySuccess: true });
      host.post('status-success', COMPLETION_ORIGIN);
      expect(attempt.phase).to.equal('confirming-success');
      attempt.cancel('cancel() was called.');
      expect(settled).to.deep.equal([
        { connectionId: 'proa_demo', status: 'aborted', message: 'cancel() was called.' },
      ]);
      const checks = calls.check;
      await clock.tickAsync(DEFAULTS.confirmSuccessTime * 2);
      expect(calls.check, 'no check after the end').to.equal(checks);
      expect(settled).to.have.length(1);
      await expectReleased();
    });

    it('complete() on the native seam is confirmed like any success from the page side', async () => {
      const { verifier } = verifierAnswering([true]);
      const opened: URL[] = [];
      const attempt = start({ verifier, verifySuccess: true, openUrl: (url) => opened.push(url) });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(opened).to.have.length(1);
      attempt.complete('success');
      expect(attempt.phase).to.equal('confirming-success');
      await flush();
      expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'success', verified: true }]);
    });

    it('failures are not confirmed: they settle at once', () => {
      const { verifier, calls } = verifierAnswering([]);
      start({ verifier, verifySuccess: true });
      host.post('status-failure', COMPLETION_ORIGIN);
      expect(settled.map((r) => r.status)).to.deep.equal(['error']);
      expect(calls.check).to.equal(0);
    });
  });

  describe('a URL at hand (fetched on the press before the click)', () => {
    it('opens the popup on it directly, requests nothing, and goes from opening to at-provider', () => {
      const phases: string[] = [];
      let requested = 0;
      const attempt = start({
        url: PROVIDER_URL,
        requestUrl: () => {
          requested += 1;
          return request.promise;
        },
        onPhase: (phase) => phases.push(phase),
      });
      expect(host.openCalls).to.deep.equal([
        { url: PROVIDER_URL.href, target: popupWindowName(attempt.nonce), features: 'width=500,height=600' },
      ]);
      expect(host.popup!.navigations, 'no second navigation').to.deep.equal([]);
      expect(requested).to.equal(0);
      expect(phases).to.deep.equal(['opening', 'at-provider']);
    });

    it('redirect mode leaves for it at once', () => {
      start({ mode: 'redirect', url: PROVIDER_URL });
      expect(host.assigned).to.deep.equal([PROVIDER_URL.href]);
    });
  });

  describe('phases, as onPhase reports them', () => {
    it('a popup: opening, requesting-url, at-provider, settled; each once', async () => {
      const phases: string[] = [];
      start({ onPhase: (phase) => phases.push(phase) });
      expect(phases).to.deep.equal(['opening', 'requesting-url']);
      request.resolve(PROVIDER_URL);
      await flush();
      host.post('status-success', COMPLETION_ORIGIN);
      expect(phases).to.deep.equal(['opening', 'requesting-url', 'at-provider', 'settled']);
    });

    it('a closed popup, then a late message: confirming-close before settled', async () => {
      const phases: string[] = [];
      start({ onPhase: (phase) => phases.push(phase) });
      request.resolve(PROVIDER_URL);
      await flush();
      host.popup!.closed = true;
      await clock.tickAsync(500);
      host.post('status-success', COMPLETION_ORIGIN);
      expect(phases).to.deep.equal(['opening', 'requesting-url', 'at-provider', 'confirming-close', 'settled']);
    });

    it('redirect mode: leaving; verify-success: confirming-success', async () => {
      const phases: string[] = [];
      const verifier: ConnectionVerifier = { begin: () => undefined, check: async () => true };
      start({ mode: 'redirect', onPhase: (phase) => phases.push(phase) });
      request.resolve(PROVIDER_URL);
      await flush();
      expect(phases).to.deep.equal(['opening', 'requesting-url', 'leaving']);
      phases.length = 0;
      host.popup = null;
      start({ verifier, verifySuccess: true, onPhase: (phase) => phases.push(phase), mode: 'auto' });
      expect(phases).to.deep.equal(['opening', 'requesting-url']);
    });
  });

  describe('the back-forward cache (redirect mode)', () => {
    it('restored with the record gone (a later page took the result): ends silently, nothing reported', async () => {
      const attempt = start({ mode: 'redirect' });
      request.resolve(PROVIDER_URL);
      await flush();
      host.storage.clear();
      host.pageshow(true);
      expect(attempt.settled, 'released').to.equal(true);
      expect(settled, 'nothing reported').to.deep.equal([]);
      expect(host.listenerCount).to.equal(0);
    });

    it('restored with its own record still there (the back button): aborted', async () => {
      start({ mode: 'redirect' });
      request.resolve(PROVIDER_URL);
      await flush();
      host.pageshow(true);
      expect(settled.map((r) => r.status)).to.deep.equal(['aborted']);
    });
  });

  it('a URL that arrives after the popup was seen closed navigates nothing and starts no second close check', async () => {
    let checks = 0;
    const verifier: ConnectionVerifier = { begin: () => undefined, check: async () => (checks++, false) };
    host.focused = false;
    start({ verifier });
    host.popup!.closed = true;
    await clock.tickAsync(500 + DEFAULTS.closeGrace);
    expect(checks).to.equal(1);
    request.resolve(PROVIDER_URL);
    await flush();
    await clock.tickAsync(DEFAULTS.verifyInterval * 3 - 1);
    expect(host.popup!.navigations, 'a closed popup is not navigated').to.deep.equal([]);
    expect(checks, 'one check per interval, one loop').to.equal(3);
  });
});
