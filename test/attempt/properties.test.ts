import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type * as sinon from 'sinon';
import { ConnectAttempt } from '../../src/attempt/connect-attempt.js';
import type { Timers } from '../../src/attempt/contracts.js';
import { OPAQUE_ORIGIN_MESSAGE } from '../../src/attempt/popup.js';
import { CALLBACK_MESSAGE_TYPE, outcomeFromMessage, statusCodeFromUrl } from '../../src/protocol.js';
import { outcomeFromCode, type ConnectionResult } from '../../src/status.js';
import { APP_ORIGIN, FakeHostWindow, deferred, fakeTimers } from '../support/fakes.js';

// ---------------------------------------------------------------------------------------------------------
// Vocabulary and arbitraries
// ---------------------------------------------------------------------------------------------------------

const B_WELL_CODES = ['success', 'error', 'cancelled', 'expired', 'unauthorized'] as const;
const ALL_STATUSES = [
  ...B_WELL_CODES,
  'popup_blocked',
  'window_closed',
  'timeout',
  'request_failed',
  'aborted',
] as const;

/** Strings of any UTF-16 code units, lone surrogates included. */
const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
/** Well-formed Unicode strings of any code points. */
const anyUnicode = fc.string({ unit: 'binary' });
/** Strings close to the vocabulary: the real words with their case changed, padded or cut. */
const nearMiss = fc
  .tuple(
    fc.constantFrom('status-success', 'status-failure', ...B_WELL_CODES),
    fc.constantFrom('', ' ', '\n', '\u0000', '\u200b', '\ufeff', '-'),
    fc.constantFrom('', ' ', '\n', '\u0000', '\u200b', 'x'),
    fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => s.toUpperCase(),
      (s) => s[0]!.toUpperCase() + s.slice(1),
      (s) => s.slice(0, -1),
      (s) => s.normalize('NFKD'),
    ),
  )
  .map(([word, before, after, change]) => before + change(word) + after);
const anyString = fc.oneof(anyCodeUnits, anyUnicode, nearMiss);
const callbackMessage = (nonce: fc.Arbitrary<string>) =>
  fc.record({
    type: fc.oneof(fc.constant(CALLBACK_MESSAGE_TYPE), fc.constant('bwell-connect:Status'), anyString),
    nonce,
    statusCode: fc.oneof(fc.constantFrom(...B_WELL_CODES), anyString),
  });
/** Any message data: JSON-like values, arbitrary objects, strings, and callback-shaped records. */
const anyMessageData = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
  }),
  anyString,
  callbackMessage(fc.oneof(fc.constant('the-nonce'), anyString)),
);

// ---------------------------------------------------------------------------------------------------------
// A model of one attempt, independent of src/: what each input should do, on a simulated clock
// ---------------------------------------------------------------------------------------------------------

const COMPLETION_ORIGIN = 'https://proxy-pages.client-sandbox.icanbwell.com';
const PROVIDER_URL = new URL('https://provider.example/authorize?session=1');
/** Chosen so that no two timers are ever due at the same instant (poll: multiples of 500; grace: +1100). */
const POLL = 500;
const TIMEOUT = 10_250;
const GRACE = 1_100;

type Input =
  | {
      kind: 'message';
      data: 'status-success' | 'status-failure' | 'junk';
      junk?: unknown;
      origin: string;
      fromPopup: boolean;
    }
  | { kind: 'callback'; nonce: 'own' | 'other'; statusCode: string; origin: string; fromPopup: boolean }
  | { kind: 'channel'; nonce: 'own' | 'other'; statusCode: string }
  | { kind: 'popupUrl'; statusCode: string }
  | { kind: 'popupClosed' }
  | { kind: 'advance'; ms: number }
  | { kind: 'advanceToTimeout' }
  | { kind: 'cancel' }
  | { kind: 'requestSucceeds' }
  | { kind: 'requestFails'; message: string }
  | { kind: 'complete'; statusCode: string };

/** b.well's status from the popup on an opaque origin: its page inherited a sandbox, so nothing it says counts. */
const OPAQUE = { status: 'error', message: OPAQUE_ORIGIN_MESSAGE } as const;

const trustedOrigin = fc.constantFrom(APP_ORIGIN, COMPLETION_ORIGIN);
const untrustedOrigin = fc.constantFrom(
  'https://provider.example',
  'https://app.example.evil.test',
  'http://app.example',
  'null',
  '',
  'https://proxy-pages.client-sandbox.icanbwell.com.evil.test',
);
const statusCode = fc.oneof(fc.constantFrom(...B_WELL_CODES, '', 'SUCCESS', 'weird'), fc.string({ maxLength: 6 }));

/** Short steps that land on and around the poll, grace and timeout boundaries, and long ones. */
const advanceMs = fc.oneof(
  fc.integer({ min: 0, max: 3000 }),
  fc.constantFrom(1, 99, 100, 250, 499, 500, 501, 600, 1099, 1100, 1101),
);

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.record({
    kind: fc.constant('message' as const),
    data: fc.constantFrom('status-success' as const, 'status-failure' as const, 'junk' as const),
    junk: anyMessageData,
    origin: fc.oneof(trustedOrigin, untrustedOrigin),
    fromPopup: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('callback' as const),
    nonce: fc.constantFrom('own' as const, 'other' as const),
    statusCode,
    origin: fc.oneof(trustedOrigin, untrustedOrigin),
    fromPopup: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('channel' as const),
    nonce: fc.constantFrom('own' as const, 'other' as const),
    statusCode,
  }),
  fc.record({ kind: fc.constant('popupUrl' as const), statusCode }),
  { arbitrary: fc.constant({ kind: 'popupClosed' as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: advanceMs }), weight: 4 },
  fc.constant({ kind: 'advanceToTimeout' as const }),
  fc.constant({ kind: 'cancel' as const }),
  fc.constant({ kind: 'requestSucceeds' as const }),
  fc.record({ kind: fc.constant('requestFails' as const), message: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('complete' as const), statusCode }),
);

/** What the model expects the attempt to settle with; `message` is checked when given. */
interface Expected {
  status: string;
  message?: string;
}

const isTrusted = (origin: string) => origin === APP_ORIGIN || origin === COMPLETION_ORIGIN;
const statusOfCode = (code: string): Expected =>
  (B_WELL_CODES as readonly string[]).includes(code) ? { status: code } : { status: 'error' };

/** The attempt as the rules describe it: every input is applied in order; the first valid one settles. */
class Model {
  time = 0;
  result: Expected | undefined;
  navigated = false;
  #requestDone = false;
  #urlReadable = true;
  #urlCode: string | undefined;
  #closed = false;
  #graceAt: number | undefined;

  constructor(readonly blocked: boolean) {
    if (blocked) this.result = { status: 'popup_blocked' };
  }

  apply(step: Input): void {
    // Time passes whether or not the attempt has ended; nothing else counts once it has.
    if (step.kind === 'advance') return this.#advance(step.ms);
    if (step.kind === 'advanceToTimeout') return this.#advance(Math.max(0, TIMEOUT - this.time));
    if (this.result) return;
    switch (step.kind) {
      case 'message': {
        // Junk may happen to be one of the two strings; the rule is about the value, not how it was made.
        const data = step.data === 'junk' ? step.junk : step.data;
        if (!step.fromPopup || (data !== 'status-success' && data !== 'status-failure')) return;
        if (isTrusted(step.origin)) {
          this.result =
            data === 'status-success'
              ? { status: 'success' }
              : { status: 'error', message: 'b.well reported status-failure.' };
        } else if (step.origin === 'null') {
          this.result = OPAQUE;
        }
        return;
      }
      case 'callback':
        if (!step.fromPopup || step.nonce !== 'own') return;
        if (isTrusted(step.origin)) this.result = statusOfCode(step.statusCode);
        else if (step.origin === 'null') this.result = OPAQUE;
        return;
      case 'channel':
        if (step.nonce === 'own') this.result = statusOfCode(step.statusCode);
        return;
      case 'popupUrl':
        this.#urlReadable = true;
        this.#urlCode = step.statusCode;
        return;
      case 'popupClosed':
        this.#closed = true;
        return;
      case 'cancel':
        this.result = { status: 'aborted', message: 'The attempt was cancelled.' };
        return;
      case 'requestSucceeds':
        if (this.#requestDone) return;
        this.#requestDone = true;
        // A popup already seen closed is not navigated: what the closed reading means is being decided.
        if (this.#graceAt !== undefined) return;
        this.navigated = true;
        this.#urlReadable = false;
        this.#urlCode = undefined;
        return;
      case 'requestFails':
        if (this.#requestDone) return;
        this.#requestDone = true;
        this.result = { status: 'request_failed', message: step.message };
        return;
      case 'complete':
        this.result = statusOfCode(step.statusCode);
        return;
    }
  }

  /** Runs the poll, the timeout and the close grace in time order, until `ms` have passed or it settles. */
  #advance(ms: number): void {
    const end = this.time + ms;
    while (!this.result) {
      const due: Array<[number, () => void]> = [
        [(Math.floor(this.time / POLL) + 1) * POLL, () => this.#poll()],
        [TIMEOUT, () => (this.result = { status: 'timeout', message: `No result within ${TIMEOUT} ms.` })],
      ];
      if (this.#graceAt !== undefined) {
        due.push([
          this.#graceAt,
          () =>
            (this.result = {
              status: 'window_closed',
              message:
                'The popup was closed, or cut off by Cross-Origin-Opener-Policy, before the connection finished.',
            }),
        ]);
      }
      const [at, fire] = due.reduce((a, b) => (b[0] < a[0] ? b : a));
      if (at > end) break;
      this.time = at;
      fire();
    }
    this.time = end;
  }

  #poll(): void {
    if (this.#urlReadable && this.#urlCode !== undefined) this.result = statusOfCode(this.#urlCode);
    else if (this.#closed && this.#graceAt === undefined) this.#graceAt = this.time + GRACE;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Driving the real ConnectAttempt with the fakes
// ---------------------------------------------------------------------------------------------------------

async function runAgainstFakes(blocked: boolean, steps: Input[]): Promise<void> {
  const host = new FakeHostWindow();
  if (blocked) host.popup = null;
  const popup = host.popup;
  const { timers, clock } = fakeTimers() as { timers: Timers; clock: sinon.SinonFakeTimers };
  try {
    const request = deferred<URL>();
    // A blocked attempt never asks for the URL; its rejection is nobody's to handle.
    request.promise.catch(() => undefined);
    let signal: AbortSignal | undefined;
    const settled: ConnectionResult[] = [];
    // The callback helper's BroadcastChannel, faked: it delivers only while open.
    const channel = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      closed: false,
      close: () => void (channel.closed = true),
    };
    const attempt = new ConnectAttempt({
      connectionId: 'proa_demo',
      requestUrl: (s) => ((signal = s), request.promise),
      trustedOrigins: [COMPLETION_ORIGIN],
      timeout: TIMEOUT,
      pollInterval: POLL,
      closeGrace: GRACE,
      popupFeatures: '',
      onSettle: (result) => settled.push(result),
      openChannel: () => channel,
      hostWindow: host,
      timers,
    }).start();
    const model = new Model(blocked);
    // The timers' callbacks never wait on a promise, so a synchronous tick plus a drained microtask queue
    // is what tickAsync would do, a hundred times faster.
    const flush = async () => {
      for (let i = 0; i < 5; i += 1) await Promise.resolve();
    };

    for (const step of steps) {
      model.apply(step);
      switch (step.kind) {
        case 'message': {
          const data = step.data === 'junk' ? step.junk : step.data;
          host.post(data, step.origin, step.fromPopup ? popup : {});
          break;
        }
        case 'callback': {
          const nonce = step.nonce === 'own' ? attempt.nonce : `not-${attempt.nonce}`;
          host.post(
            { type: CALLBACK_MESSAGE_TYPE, nonce, statusCode: step.statusCode },
            step.origin,
            step.fromPopup ? popup : {},
          );
          break;
        }
        case 'channel': {
          const nonce = step.nonce === 'own' ? attempt.nonce : `not-${attempt.nonce}`;
          const data = { type: CALLBACK_MESSAGE_TYPE, nonce, statusCode: step.statusCode };
          if (!channel.closed) channel.onmessage?.({ data } as MessageEvent);
          break;
        }
        case 'popupUrl':
          if (popup) {
            popup.crossOrigin = false;
            popup.url = `${APP_ORIGIN}/callback?status_code=${encodeURIComponent(step.statusCode)}`;
          }
          break;
        case 'popupClosed':
          if (popup) popup.closed = true;
          break;
        case 'advance':
          clock.tick(step.ms);
          break;
        case 'advanceToTimeout':
          clock.tick(Math.max(0, TIMEOUT - clock.now));
          break;
        case 'cancel':
          attempt.cancel();
          break;
        case 'requestSucceeds':
          request.resolve(PROVIDER_URL);
          break;
        case 'requestFails':
          request.reject(new Error(step.message));
          break;
        case 'complete':
          attempt.complete(step.statusCode);
          break;
      }
      await flush();
      expect(clock.now, 'the model and the clock agree on the time').to.equal(model.time);
      expect(settled.length, `settled after ${JSON.stringify(step.kind)}`).to.equal(model.result ? 1 : 0);
    }
    // Whatever happened, the timeout ends it.
    const rest = TIMEOUT + GRACE + POLL;
    model.apply({ kind: 'advance', ms: rest });
    clock.tick(rest);

    expect(settled, 'settles exactly once').to.have.length(1);
    const [result] = settled;
    const expected = model.result!;
    expect(result!.connectionId).to.equal('proa_demo');
    expect(result!.status, 'the first valid input decides').to.equal(expected.status);
    if (expected.message !== undefined) expect(result!.message).to.equal(expected.message);
    expect(await attempt.result).to.equal(result);
    expect(attempt.settled).to.equal(true);
    expect(clock.countTimers(), 'timers left').to.equal(0);
    expect(host.listenerCount, 'message listeners left').to.equal(0);
    if (popup) {
      expect(popup.closeCalls, 'the popup is closed once').to.equal(1);
      expect(popup.navigations, 'navigated only before settling').to.deep.equal(
        model.navigated ? [PROVIDER_URL.href] : [],
      );
      expect(signal?.aborted, 'the request is aborted').to.equal(true);
      expect(channel.closed, 'the channel is closed').to.equal(true);
    } else {
      expect(signal, 'a blocked popup requests nothing').to.equal(undefined);
    }
  } finally {
    clock.uninstall();
  }
}

// ---------------------------------------------------------------------------------------------------------

describe('properties (fast-check)', () => {
  describe('status parsing never throws and accepts only the vocabulary', () => {
    it('outcomeFromMessage: any value is ignored unless it is exactly status-success or status-failure', () => {
      fc.assert(
        fc.property(anyMessageData, fc.option(anyString, { nil: undefined }), (data, nonce) => {
          const outcome = outcomeFromMessage(data, nonce);
          if (data === 'status-success') expect(outcome).to.deep.equal({ status: 'success' });
          else if (data === 'status-failure') expect(outcome?.status).to.equal('error');
          else if (nonce !== undefined && isOwnCallback(data, nonce))
            expect(outcome).to.deep.equal(outcomeFromCode(data.statusCode));
          else expect(outcome).to.equal(undefined);
        }),
        { numRuns: 2000 },
      );
    });

    it('outcomeFromMessage: near misses of the two strings are ignored', () => {
      fc.assert(
        fc.property(nearMiss, (data) => {
          const exact = data === 'status-success' || data === 'status-failure';
          expect(outcomeFromMessage(data) !== undefined).to.equal(exact);
        }),
      );
    });

    it('outcomeFromMessage: a callback message counts only with the attempt’s nonce and the exact type', () => {
      fc.assert(
        fc.property(
          callbackMessage(fc.oneof(fc.constant('n-1'), anyString)),
          fc.oneof(fc.constant('n-1'), anyString),
          (data, nonce) => {
            const outcome = outcomeFromMessage(data, nonce);
            if (data.type === CALLBACK_MESSAGE_TYPE && data.nonce === nonce)
              expect(outcome).to.deep.equal(outcomeFromCode(data.statusCode));
            else expect(outcome).to.equal(undefined);
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('outcomeFromCode: any string gives a b.well status; only the five codes map to themselves', () => {
      fc.assert(
        fc.property(fc.oneof(anyString, fc.constantFrom(...ALL_STATUSES)), (code) => {
          const outcome = outcomeFromCode(code);
          expect(B_WELL_CODES as readonly string[]).to.include(outcome.status);
          if ((B_WELL_CODES as readonly string[]).includes(code)) {
            expect(outcome).to.deep.equal({ status: code });
          } else {
            expect(outcome.status).to.equal('error');
            expect(outcome.message).to.be.a('string');
            // The raw code is echoed at most 64 UTF-16 units long, JSON-escaped.
            expect(outcome.message!.length).to.be.at.most('Unknown status_code: ""…'.length + 64 * 6);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('statusCodeFromUrl: a code outside the query of an absolute URL (a fragment, a relative URL, another casing) is never read', () => {
      fc.assert(
        fc.property(anyUnicode, fc.webUrl(), (code, base) => {
          const url = new URL(base);
          const value = encodeURIComponent(code);
          url.search = '';
          url.hash = `status_code=${value}`;
          expect(statusCodeFromUrl(url), 'in the fragment').to.equal(undefined);
          expect(statusCodeFromUrl(`${url.pathname}?status_code=${value}`), 'in a relative URL').to.equal(undefined);
          url.hash = '';
          url.search = `?STATUS_CODE=${value}&Status_Code=${value}`;
          expect(statusCodeFromUrl(url.href), 'under another casing').to.equal(undefined);
        }),
        { numRuns: 1000 },
      );
    });

    it('statusCodeFromUrl: reads back any percent-encoded code, the first of repeated ones', () => {
      fc.assert(
        fc.property(anyUnicode, anyUnicode, fc.webUrl(), (first, second, base) => {
          const url = new URL(base);
          url.search = `?status_code=${encodeURIComponent(first)}&status_code=${encodeURIComponent(second)}`;
          expect(statusCodeFromUrl(url)).to.equal(first);
          expect(statusCodeFromUrl(url.href)).to.equal(first);
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('ConnectAttempt under random interleavings of its inputs (fake popup, fake timers)', () => {
    it('settles exactly once, with the first valid input, and leaves no timer or listener', async function () {
      this.timeout(120_000);
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(fc.array(input, { maxLength: 30 }), (steps) => runAgainstFakes(false, steps)),
        { numRuns: 1000 },
      );
      console.log(`interleavings: ${Math.round(performance.now() - started)} ms`);
    });

    it('a blocked popup settles at once as popup_blocked, whatever follows', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(input, { maxLength: 15 }), (steps) => runAgainstFakes(true, steps)),
        { numRuns: 50 },
      );
    });
  });
});

function isOwnCallback(data: unknown, nonce: string): data is { statusCode: string } {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return (
    record['type'] === CALLBACK_MESSAGE_TYPE && record['nonce'] === nonce && typeof record['statusCode'] === 'string'
  );
}
