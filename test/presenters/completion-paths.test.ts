import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { DEFAULTS } from '../../src/settings.js';
import type { ConnectionResult } from '../../src/status.js';
import { type PageClock, skipCloseGrace, withPageClock } from '../support/clock.js';
import { clickWhenEnabled, expectCallbackOverChannel, QUICK_POLL_MS } from '../support/e2e.js';
import { emulator, recordGraphqlRequests, requestCount, uniqueId } from '../support/emulator.js';
import { reported, type Reported } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { stubFocus } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';
import { recordPopups } from '../support/popups.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** How many of `bodies` are server checks (b.well's getMemberConnections). */
const serverChecks = (bodies: string[]) => bodies.filter((body) => body.includes('getMemberConnections')).length;

/**
 * Once b.well has answered every server check sent so far, skips to the element's next periodic one (every
 * verifyInterval while the page lacks the focus; the schedule: test/attempt/connect-attempt.test.ts).
 */
async function skipToNextCheck(requests: ReturnType<typeof recordGraphqlRequests>, clock: PageClock): Promise<void> {
  await waitFor(
    () => serverChecks(requests.answered) === serverChecks(requests.bodies),
    'b.well did not answer a server check',
  );
  await clock.skip(DEFAULTS.verifyInterval);
}

describe('completion paths: COOP, the callback helper, redirect mode, the native seam', () => {
  describe('popup mode under Cross-Origin-Opener-Policy', () => {
    it('(a) COOP provider → b.well completion page: one success from the server check, never window_closed', async () => {
      // The completion page cannot post back (COOP cut the opener), and the provider finishes late, so the
      // first server reading must not be taken for a failure.
      const requests = recordGraphqlRequests();
      try {
        await withPageClock(async (clock) => {
          const el = await page.mount(
            { coop: '1', auto: 'success', autoDelay: '500' },
            { pollInterval: QUICK_POLL_MS },
          );
          const hasFocus = stubFocus(false);
          try {
            const recorder = await page.click(el);
            // The popup reads as closed as soon as COOP cuts it off; the element then asks b.well until it
            // confirms. The grace and the intervals between the checks are skipped, not the provider's delay.
            await skipCloseGrace(el, clock);
            for (let checks = 0; checks < 10 && recorder.events.length === 0; checks += 1)
              await skipToNextCheck(requests, clock);
            expect(await page.nextResult(recorder, 20_000)).to.deep.include({
              connectionId: el.connectionId,
              status: 'success',
            });
            await page.expectNoSecondEvent(recorder.events);
          } finally {
            hasFocus.restore();
          }
        });
      } finally {
        requests.restore();
      }
    });

    it('(b) COOP provider → the integrator’s callback page with the helper: the exact code over the channel, once', async () => {
      await expectCallbackOverChannel(page, '/demo/callback-helper.html');
    });

    it('(b) without COOP, the callback helper reports to its opener, on its channel and in its URL: one event', async () => {
      const el = await page.mount({ auto: 'success', redirect: 'custom', returnPath: '/demo/callback-helper.html' });
      const recorder = await page.click(el);
      expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
      await page.expectNoSecondEvent(recorder.events);
    });

    it('(c) COOP provider closed without finishing: no verdict while the page lacks the focus, then one window_closed', async () => {
      await withPageClock(async (clock) => {
        const el = await page.mount({ coop: '1', auto: 'close' }, { pollInterval: QUICK_POLL_MS });
        const hasFocus = stubFocus(false);
        const requests = recordGraphqlRequests();
        try {
          const recorder = await page.click(el);
          // The reading at the start, a check that found nothing, and another: the element asked again instead
          // of deciding while the person may still be in the cut-off popup. The grace and the interval between
          // the checks are skipped.
          await skipCloseGrace(el, clock);
          await skipToNextCheck(requests, clock);
          await waitFor(
            () => serverChecks(requests.bodies) >= 3 || recorder.events.length > 0,
            'the element did not ask the server again',
          );
          expect(recorder.events, 'no verdict while the page lacks focus and the server shows nothing').to.have.length(
            0,
          );
          hasFocus.restore(); // the user is back on the page
          await skipToNextCheck(requests, clock);
          expect(await page.nextResult(recorder)).to.deep.include({
            connectionId: el.connectionId,
            status: 'window_closed',
          });
          await page.expectNoSecondEvent(recorder.events);
        } finally {
          requests.restore();
          hasFocus.restore();
        }
      });
    });

    it('(d) no COOP, the popup closed: window_closed', async () => {
      await withPageClock(async (clock) => {
        const el = await page.mount({ auto: 'close' }, { pollInterval: QUICK_POLL_MS });
        const recorder = await page.click(el);
        await skipCloseGrace(el, clock);
        expect(await page.nextResult(recorder)).to.deep.equal({
          connectionId: el.connectionId,
          status: 'window_closed',
          message: 'The popup was closed, or cut off by Cross-Origin-Opener-Policy, before the connection finished.',
        });
      });
    });
  });

  describe('redirect and auto modes (a host page in an iframe)', () => {
    let frame: HTMLIFrameElement;

    afterEach(() => frame?.remove());

    /** Loads the host page with `search`; returns its element once it has its connection id and has rendered. */
    async function load(search: string): Promise<BwellConnectElement> {
      frame?.remove();
      frame = document.createElement('iframe');
      frame.style.cssText = 'width: 400px; height: 200px; border: 0';
      document.body.append(frame);
      frame.src = `/test/fixtures/redirect-page.html?${search}`;
      const element = () => frame.contentDocument?.querySelector('bwell-connect');
      await waitFor(() => readEvents() !== undefined && element()?.connectionId, 'the host page did not load', 10_000);
      await element()!.updateComplete;
      return element()!;
    }

    /** The iframe page's recorded events; undefined while it shows the provider's origin. */
    function readEvents(): ConnectionResult[] | undefined {
      try {
        return (frame.contentWindow as unknown as { bwellEvents?: ConnectionResult[] }).bwellEvents;
      } catch {
        return undefined;
      }
    }

    /** Waits until the iframe is back on the host page after the provider, and its element has reported. */
    async function eventsAfterReturn(): Promise<Reported[]> {
      await waitFor(() => readEvents()?.length, 'no event after the return');
      return readEvents()!.map(reported);
    }

    it('leaves for the provider, comes back, reports once, and cleans only status_code from the URL', async () => {
      const id = uniqueId();
      await clickWhenEnabled(await load(`id=${id}&auto=success&mode=redirect&keep=x%2Fy`));
      const events = await eventsAfterReturn();
      expect(events).to.deep.equal([{ connectionId: id, status: 'success' }]);
      const url = new URL(frame.contentWindow!.location.href);
      expect(url.searchParams.has('status_code')).to.equal(false);
      expect(url.search).to.equal(`?id=${id}&auto=success&mode=redirect&keep=x%2Fy`);
      expect(await requestCount(id)).to.equal(1);
      await page.expectNoSecondEvent(events);
    });

    it('does not replay a result from a bookmarked URL (no pending attempt)', async () => {
      const id = uniqueId();
      await load(`id=${id}&mode=redirect&status_code=success`);
      // The element has looked for a pending attempt (on its first update with the id): taking a result
      // would have removed status_code from the address at once.
      expect(
        new URL(frame.contentWindow!.location.href).searchParams.get('status_code'),
        'the URL was left alone',
      ).to.equal('success');
      expect(readEvents()).to.deep.equal([]);
    });

    it('auto mode falls back to the redirect when the popup is blocked', async () => {
      const id = uniqueId();
      const el = await load(`id=${id}&auto=cancelled&mode=auto`);
      void el.connect(); // no user gesture: the popup is blocked
      expect(await eventsAfterReturn()).to.deep.equal([{ connectionId: id, status: 'cancelled' }]);
    });
  });

  describe('the native seam (openUrl + complete)', () => {
    it('hands the OAuth URL to the app instead of a popup, and ends with the code it reports', async () => {
      const el = await page.mount({});
      const { providerOrigin } = await emulator();
      const opened: string[] = [];
      el.openUrl = (url) => opened.push(url);
      const popups = recordPopups();
      try {
        const recorder = await page.click(el);
        await waitFor(() => opened.length === 1, 'openUrl was not called');
        expect(new URL(opened[0]!).origin).to.equal(providerOrigin);
        expect(popups.calls).to.equal(0);
        expect(el.getAttribute('state')).to.equal('working');
        el.complete('success');
        expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
        // complete() reports within the call: a second one after the end would show here at once.
        el.complete('error');
        expect(recorder.events).to.have.length(1);
      } finally {
        popups.restore();
      }
    });
  });
});
