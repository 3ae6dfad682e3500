// The test page's timers on a clock that keeps pace with real time and that a test can move ahead: for the
// end-to-end cases that would otherwise sit out one of the element's fixed delays (src/settings.ts:
// closeGrace, verifyInterval, verifyTimeLimit, confirmSuccessTime) or a timeout, whose schedule
// test/attempt/connect-attempt.test.ts already proves with fake timers. The browser does everything else for real (the
// popup, its pages and their own timers, the requests); the case skips only the wait.
import * as sinon from 'sinon';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { DEFAULTS } from '../../src/settings.js';
import { waitFor } from './wait-for.js';

/** The page's clock (see the module's comment). */
export interface PageClock {
  /** Moves the clock `ms` ahead at once, firing every timer due on the way, in order. */
  skip(ms: number): Promise<void>;
}

/**
 * Runs `test` with the page's setTimeout and setInterval on a {@link PageClock}, then gives the page its own
 * timers back (a timer still pending on the clock is dropped: the element's attempt must have ended).
 * Mocha keeps its own timers, so test timeouts stay real.
 */
export async function withPageClock<T>(test: (clock: PageClock) => Promise<T>): Promise<T> {
  const clock = sinon.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    shouldAdvanceTime: true,
    advanceTimeDelta: 5,
  });
  try {
    return await test({
      async skip(ms) {
        await clock.tickAsync(ms);
      },
    });
  } finally {
    clock.uninstall();
  }
}

/** Waits until the element has read its popup as closed, then skips the close grace. */
export async function skipCloseGrace(el: BwellConnectElement, clock: PageClock): Promise<void> {
  await waitFor(() => el.phase === 'confirming-close', 'the element never read its popup as closed');
  await clock.skip(DEFAULTS.closeGrace);
}
