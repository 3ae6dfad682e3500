// One ConnectAttempt against a fake page and fake timers, for the attempt's unit tests: what it was given, and
// everything it reported.
import { expect } from '@open-wc/testing';
import type * as sinon from 'sinon';
import { ConnectAttempt } from '../../src/attempt/connect-attempt.js';
import type { AttemptOptions, AttemptPhase, Timers } from '../../src/attempt/contracts.js';
import type { ConnectionResult } from '../../src/status.js';
import { FakeHostWindow, deferred, fakeTimers } from './fakes.js';

/** b.well's completion page's origin, trusted by the attempts the harness starts. */
export const COMPLETION_ORIGIN = 'https://proxy-pages.client-sandbox.icanbwell.com';

/** The provider's OAuth URL the harness's URL request resolves with. */
export const PROVIDER_URL = new URL('https://provider.example/authorize?session=1');

/** The fake page, clock and URL request of one test, and what its attempts report. */
export class AttemptHarness {
  readonly host = new FakeHostWindow();
  readonly timers: Timers;
  readonly clock: sinon.SinonFakeTimers;
  /** The URL request every attempt waits on, unless a test passes its own `requestUrl`. */
  readonly request = deferred<URL>();
  /** What each ending reported, without its attempt id and duration (checked as they arrive). */
  readonly settled: Array<Omit<ConnectionResult, 'attemptId' | 'durationMs'>> = [];
  /** What each ending reported, as given. */
  readonly results: ConnectionResult[] = [];
  /** Every phase the attempts entered, in order. */
  readonly phases: AttemptPhase[] = [];

  constructor(private readonly defaults: Partial<AttemptOptions> = {}) {
    ({ timers: this.timers, clock: this.clock } = fakeTimers());
  }

  /** Starts an attempt on the fake page with the harness's options, `overrides` over them. */
  start(overrides: Partial<AttemptOptions> = {}): ConnectAttempt {
    return new ConnectAttempt({
      connectionId: 'proa_demo',
      requestUrl: () => this.request.promise,
      trustedOrigins: [COMPLETION_ORIGIN],
      timeout: 300_000,
      pollInterval: 500,
      popupFeatures: 'width=500,height=600',
      onPhase: (phase) => this.phases.push(phase),
      onSettle: (result) => {
        const { attemptId, durationMs, ...rest } = result;
        expect(attemptId, 'attemptId').to.match(/^[0-9a-f]{16}$/);
        expect(durationMs, 'durationMs').to.be.a('number').and.at.least(0);
        this.results.push(result);
        this.settled.push(rest);
      },
      hostWindow: this.host,
      timers: this.timers,
      ...this.defaults,
      ...overrides,
    }).start();
  }

  /** Puts the real timers back. */
  uninstall(): void {
    this.clock.uninstall();
  }
}
