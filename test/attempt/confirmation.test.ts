// A confirmation is final (fake popup, fake timers): while b.well is asked to confirm a reported success, only
// b.well's answer, its silence for 5 s, or a deliberate end (cancel(), an unloaded page) ends the attempt; a
// closed popup, a timeout or a later message do not. Also: what counts as b.well's evidence (connectedSince and
// the verifier built on it), the native seam's confirmation, and a redirect page restored from the
// back-forward cache.
import { expect } from '@open-wc/testing';
import * as sinon from 'sinon';
import { ConnectAttempt } from '../../src/attempt/connect-attempt.js';
import type { AttemptOptions, ConnectionVerifier } from '../../src/attempt/contracts.js';
import type { ConnectionReading } from '../../src/protocol.js';
import { DEFAULTS } from '../../src/settings.js';
import { connectedSince, memberConnectionVerifier } from '../../src/verify-connection.js';
import { AttemptHarness, COMPLETION_ORIGIN, PROVIDER_URL } from '../support/attempt-harness.js';
import { APP_ORIGIN, type FakeHostWindow } from '../support/fakes.js';

const UNCONFIRMED = { connectionId: 'proa_demo', status: 'error', message: 'b.well did not confirm the connection.' };
const VERIFIED = { connectionId: 'proa_demo', status: 'success', verified: true };

/**
 * A verifier that behaves like b.well's: no evidence before `begin` took a baseline; after it, whatever
 * `made()` says. Counts its calls.
 */
function fakeVerifier(made: () => boolean) {
  const calls = { begin: 0, check: 0 };
  const verifier: ConnectionVerifier = {
    begin: () => void (calls.begin += 1),
    check: async () => {
      calls.check += 1;
      return calls.begin > 0 && made();
    },
  };
  return { verifier, calls };
}

describe('a confirmation is final (ConnectAttempt, fake popup, fake timers)', () => {
  let harness: AttemptHarness;
  let host: FakeHostWindow;
  let clock: sinon.SinonFakeTimers;
  let request: AttemptHarness['request'];
  let settled: AttemptHarness['settled'];
  let phases: AttemptHarness['phases'];

  beforeEach(() => {
    harness = new AttemptHarness({ verifySuccess: true });
    ({ host, clock, request, settled, phases } = harness);
  });

  afterEach(() => harness.uninstall());

  const start = (overrides: Partial<AttemptOptions> = {}) => harness.start(overrides);

  /** Starts a popup attempt at the provider and has b.well's completion page report a success. */
  async function confirming(overrides: Partial<AttemptOptions> = {}): Promise<ConnectAttempt> {
    const attempt = start(overrides);
    request.resolve(PROVIDER_URL);
    await clock.tickAsync(0);
    host.post('status-success', COMPLETION_ORIGIN);
    expect(attempt.phase).to.equal('confirming-success');
    return attempt;
  }

  /** No listener and, once the popup's close re-checks are done, no timer left. */
  async function expectReleased(): Promise<void> {
    expect(host.listenerCount, 'listeners left').to.equal(0);
    await clock.tickAsync(1000);
    expect(clock.countTimers(), 'timers left').to.equal(0);
  }

  describe('the popup reading as closed while a success is confirmed', () => {
    it('is no verdict: the attempt stays confirming, and ends as a verified success once b.well shows it', async () => {
      let made = false;
      const { verifier } = fakeVerifier(() => made);
      const attempt = await confirming({ verifier });
      // The callback helper closes its popup 100 ms after posting.
      host.popup!.closed = true;
      // Past the poll that sees it closed and the grace a closed reading gets, short of the 5 s confirmation.
      await clock.tickAsync(500 + DEFAULTS.closeGrace + 1000);
      expect(settled, 'no window_closed').to.deep.equal([]);
      expect(attempt.phase).to.equal('confirming-success');
      expect(phases).not.to.include('confirming-close');
      made = true;
      await clock.tickAsync(DEFAULTS.confirmRetryInterval);
      expect(settled).to.deep.equal([VERIFIED]);
      await expectReleased();
    });

    it('with no evidence: error "b.well did not confirm" after 5 s, not window_closed', async () => {
      const { verifier } = fakeVerifier(() => false);
      await confirming({ verifier });
      host.popup!.closed = true;
      await clock.tickAsync(DEFAULTS.confirmSuccessTime - 1);
      expect(settled).to.deep.equal([]);
      await clock.tickAsync(1);
      expect(settled).to.deep.equal([UNCONFIRMED]);
      await expectReleased();
    });

    it('while the page lacks the focus (a COOP popup) and the page regains it: still one verified success', async () => {
      let made = false;
      const { verifier } = fakeVerifier(() => made);
      host.focused = false;
      await confirming({ verifier });
      host.popup!.closed = true;
      await clock.tickAsync(500 + DEFAULTS.closeGrace);
      host.focus();
      await clock.tickAsync(0);
      expect(settled).to.deep.equal([]);
      made = true;
      await clock.tickAsync(DEFAULTS.confirmRetryInterval);
      expect(settled).to.deep.equal([VERIFIED]);
    });
  });

  it('neither the timeout nor a later message or status_code ends a confirmation', async () => {
    let made = false;
    const { verifier } = fakeVerifier(() => made);
    const attempt = await confirming({ verifier, timeout: 2000 });
    host.post('status-failure', COMPLETION_ORIGIN);
    host.post({ type: 'bwell-connect:status', nonce: attempt.nonce, statusCode: 'cancelled' }, APP_ORIGIN);
    attempt.complete('expired');
    host.popup!.crossOrigin = false;
    host.popup!.url = `${APP_ORIGIN}/callback?status_code=error`;
    await clock.tickAsync(3000);
    expect(settled, 'past the 2 s timeout').to.deep.equal([]);
    made = true;
    await clock.tickAsync(DEFAULTS.confirmRetryInterval);
    expect(settled).to.deep.equal([VERIFIED]);
  });

  for (const [ending, end, message] of [
    ['cancel()', (attempt: ConnectAttempt) => attempt.cancel('cancel() was called.'), 'cancel() was called.'],
    [
      'the page unloaded',
      (attempt: ConnectAttempt) => attempt.documentUnloaded(),
      'The page was unloaded during the attempt.',
    ],
  ] as const) {
    it(`${ending} while b.well is asked: aborted at once, once; the popup closed, everything released`, async () => {
      const { verifier, calls } = fakeVerifier(() => false);
      const attempt = await confirming({ verifier });
      await clock.tickAsync(1500);
      const checks = calls.check;
      end(attempt);
      expect(settled).to.deep.equal([{ connectionId: 'proa_demo', status: 'aborted', message }]);
      expect(attempt.phase).to.equal('settled');
      expect(phases.at(-1)).to.equal('settled');
      expect(host.popup!.closeCalls).to.equal(1);
      await clock.tickAsync(DEFAULTS.confirmSuccessTime * 2);
      expect(settled, 'no error at the end of the 5 s').to.have.length(1);
      expect(calls.check, 'b.well not asked again').to.equal(checks);
      await expectReleased();
    });
  }

  it('the confirmation phase is announced once, between at-provider and settled', async () => {
    const { verifier } = fakeVerifier(() => true);
    await confirming({ verifier });
    await clock.tickAsync(0);
    expect(phases).to.deep.equal(['opening', 'requesting-url', 'at-provider', 'confirming-success', 'settled']);
    expect(settled).to.deep.equal([VERIFIED]);
  });

  describe('the native seam (openUrl + complete) with verify-success', () => {
    it('takes b.well’s baseline as it hands the URL over, so complete("success") is confirmed: verified: true', async () => {
      const { verifier, calls } = fakeVerifier(() => true);
      let beganBeforeHandOver = false;
      const attempt = start({ verifier, openUrl: () => (beganBeforeHandOver = calls.begin === 1) });
      expect(calls.begin, 'none beside the URL request').to.equal(0);
      request.resolve(PROVIDER_URL);
      await clock.tickAsync(0);
      expect(beganBeforeHandOver, 'a baseline taken before the app shows the provider').to.equal(true);
      attempt.complete('success');
      expect(attempt.phase).to.equal('confirming-success');
      await clock.tickAsync(0);
      expect(settled).to.deep.equal([VERIFIED]);
    });

    it('complete("success") b.well never shows: error after 5 s, once', async () => {
      const { verifier } = fakeVerifier(() => false);
      const attempt = start({ verifier, openUrl: () => undefined });
      request.resolve(PROVIDER_URL);
      await clock.tickAsync(0);
      attempt.complete('success');
      attempt.complete('success');
      await clock.tickAsync(DEFAULTS.confirmSuccessTime);
      expect(settled).to.deep.equal([UNCONFIRMED]);
    });
  });

  describe('redirect mode: the page restored from the back-forward cache', () => {
    const recordKey = 'bwell-connect:redirect:proa_demo';

    async function leftForProvider(): Promise<ConnectAttempt> {
      const attempt = start({ mode: 'redirect', verifySuccess: false });
      request.resolve(PROVIDER_URL);
      await clock.tickAsync(0);
      expect(host.assigned).to.deep.equal([PROVIDER_URL.href]);
      return attempt;
    }

    it('its record gone (the return page took the result and reported it): nothing reported, everything released', async () => {
      const attempt = await leftForProvider();
      let resolved = false;
      void attempt.result.then(() => (resolved = true));
      host.storage.delete(recordKey);
      host.pageshow(true);
      expect(settled, 'reported already by the return page').to.deep.equal([]);
      expect(attempt.phase).to.equal('settled');
      expect(phases.at(-1)).to.equal('settled');
      await clock.tickAsync(DEFAULTS.leaveTimeLimit + 300_000);
      expect(settled, 'no aborted, no timeout later').to.deep.equal([]);
      expect(resolved, 'result').to.equal(false);
      await expectReleased();
    });

    it('its record replaced by another attempt’s: nothing reported, the other record left alone', async () => {
      await leftForProvider();
      const other = JSON.stringify({
        nonce: 'f'.repeat(32),
        attemptId: '0'.repeat(16),
        startedAt: 1,
        expiresAt: Date.now() + 60_000,
      });
      host.storage.set(recordKey, other);
      host.pageshow(true);
      expect(settled).to.deep.equal([]);
      expect(host.storage.get(recordKey)).to.equal(other);
      await expectReleased();
    });

    it('its record still there (the user came back with the back button): aborted, once, record removed', async () => {
      await leftForProvider();
      host.pageshow(true);
      host.pageshow(true);
      expect(settled).to.deep.equal([
        {
          connectionId: 'proa_demo',
          status: 'aborted',
          message: 'The user came back from the provider without a result.',
        },
      ]);
      expect(host.storage.has(recordKey)).to.equal(false);
      await expectReleased();
    });
  });
});

describe('what counts as b.well’s evidence', () => {
  const at = (status: string, statusUpdated?: unknown) => ({ status, statusUpdated }) as ConnectionReading;

  describe('connectedSince(before, now)', () => {
    it('a connection CONNECTED now that was missing, or not CONNECTED, before: made', () => {
      expect(connectedSince(null, at('CONNECTED', '2026-01-02T00:00:00Z'))).to.equal(true);
      for (const before of ['DISCONNECTED', 'EXPIRED', 'ERROR', 'ACCESS_ENDED', 'DELETED']) {
        expect(
          connectedSince(at(before, '2026-01-01T00:00:00Z'), at('CONNECTED', '2026-01-02T00:00:00Z')),
          before,
        ).to.equal(true);
      }
    });

    it('CONNECTED before and now with another statusUpdated string: made (a reconnect)', () => {
      expect(connectedSince(at('CONNECTED', '2026-01-01T00:00:00Z'), at('CONNECTED', '2026-01-02T00:00:00Z'))).to.equal(
        true,
      );
    });

    it('CONNECTED before and now with the same statusUpdated: no evidence', () => {
      expect(connectedSince(at('CONNECTED', '2026-01-01T00:00:00Z'), at('CONNECTED', '2026-01-01T00:00:00Z'))).to.equal(
        false,
      );
    });

    it('not CONNECTED now, or no reading now: no evidence', () => {
      for (const now of [at('DISCONNECTED', 'x'), at('ERROR', 'y'), at('connected', 'z'), null, undefined]) {
        expect(connectedSince(null, now), JSON.stringify(now)).to.equal(false);
      }
    });

    it('a statusUpdated that is not a string, before or now, is no evidence of a reconnect', () => {
      const values: unknown[] = [5, 6, null, undefined, {}, { toString: () => 'x' }, ['2026'], true];
      for (const before of values) {
        for (const now of values) {
          const what = `${String(before)} → ${String(now)}`;
          expect(connectedSince(at('CONNECTED', before), at('CONNECTED', now)), what).to.equal(false);
        }
        expect(
          connectedSince(at('CONNECTED', before), at('CONNECTED', '2026-01-02T00:00:00Z')),
          `${String(before)} → a string`,
        ).to.equal(false);
        expect(
          connectedSince(at('CONNECTED', '2026-01-01T00:00:00Z'), at('CONNECTED', before)),
          `a string → ${String(before)}`,
        ).to.equal(false);
      }
    });
  });

  describe('memberConnectionVerifier, reading b.well through getMemberConnections', () => {
    const endpoint = 'https://api.test.example/v1/graphql';
    let answers: unknown[][];
    let fetchStub: sinon.SinonStub;

    beforeEach(() => {
      answers = [];
      fetchStub = sinon.stub(window, 'fetch').callsFake(async () => {
        const list = answers.shift() ?? [];
        return new Response(JSON.stringify({ data: { getMemberConnections: list } }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      });
    });
    afterEach(() => fetchStub.restore());

    function verifierReading(...readings: unknown[][]): ConnectionVerifier {
      answers = readings;
      return memberConnectionVerifier({ endpoint, token: 'token', deadline: 5000 }, 'proa_demo');
    }

    it('a numeric statusUpdated that changed (5, then 6) on a CONNECTED connection: no evidence', async () => {
      const verifier = verifierReading(
        [{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: 5 }],
        [{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: 6 }],
      );
      const { signal } = new AbortController();
      verifier.begin(signal);
      expect(await verifier.check(signal)).to.equal(false);
      expect(fetchStub.callCount, 'two readings').to.equal(2);
    });

    it('an object statusUpdated, then a string: no evidence', async () => {
      const verifier = verifierReading(
        [{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: { at: 1 } }],
        [{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: '2026-01-02T00:00:00Z' }],
      );
      const { signal } = new AbortController();
      verifier.begin(signal);
      expect(await verifier.check(signal)).to.equal(false);
    });

    it('a string statusUpdated that changed: made (the control)', async () => {
      const verifier = verifierReading(
        [{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: '2026-01-01T00:00:00Z' }],
        [{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: '2026-01-02T00:00:00Z' }],
      );
      const { signal } = new AbortController();
      verifier.begin(signal);
      expect(await verifier.check(signal)).to.equal(true);
    });

    it('a baseline handed in (after a redirect) with a numeric statusUpdated: no evidence', async () => {
      const verifier = verifierReading([{ id: 'proa_demo', status: 'CONNECTED', statusUpdated: 6 }]);
      const { signal } = new AbortController();
      verifier.begin(signal, { status: 'CONNECTED', statusUpdated: 5 as unknown as string });
      expect(await verifier.check(signal)).to.equal(false);
    });
  });
});
