// verify-success end to end, in every mode: a success from the page's side (b.well's completion page, the
// callback helper, a redirect's return, the native app's complete()) is reported only once b.well's
// getMemberConnections shows the connection made during the attempt, with `verified: true`; a success b.well
// never recorded ends as error. And a confirmation, once begun, is final: the popup closing does not turn it into
// window_closed, while cancel(), removal and a new connection-id end it at once.
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { clickWhenEnabled } from '../support/e2e.js';
import { recordGraphqlRequests, requestCount, uniqueId } from '../support/emulator.js';
import { type Reported, cancelled } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { expectClosed, openFrame } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';
import { withPageClock } from '../support/clock.js';
import { HostFrame, recordProgress, waitForConnected } from '../support/observe.js';
import { redirectRecordKey } from '../../src/protocol.js';
import { DEFAULTS } from '../../src/settings.js';

const UNCONFIRMED = 'b.well did not confirm the connection.';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** Mounts an element with verify-success on the emulator with `flags`. */
async function mountVerifying(flags: Record<string, string>): Promise<BwellConnectElement> {
  const el = await page.mount(flags);
  el.verifySuccess = true;
  return el;
}

const verified = (el: BwellConnectElement): Reported => ({
  connectionId: el.connectionId,
  status: 'success',
  verified: true,
});
const unconfirmed = (connectionId: string): Reported => ({ connectionId, status: 'error', message: UNCONFIRMED });

describe('verify-success: a success counts once b.well shows it', () => {
  describe('popup mode', () => {
    it('through b.well’s completion page: one connection-success with verified: true', async () => {
      const el = await mountVerifying({ auto: 'success' });
      const recorder = await page.click(el);
      expect(await page.nextResult(recorder)).to.deep.equal(verified(el));
      await page.expectNoSecondEvent(recorder.events);
    });

    it('through the callback helper on the integrator’s page: one connection-success with verified: true', async () => {
      const el = await mountVerifying({
        auto: 'success',
        redirect: 'custom',
        returnPath: '/demo/callback-helper.html',
      });
      const recorder = await page.click(el);
      expect(await page.nextResult(recorder)).to.deep.equal(verified(el));
      await page.expectNoSecondEvent(recorder.events);
    });
  });

  describe('redirect mode (the host page in an iframe)', function () {
    this.timeout(45_000);

    it('a real success: the page comes back and reports one connection-success with verified: true', async () => {
      const id = uniqueId();
      const host = new HostFrame(`/test/fixtures/verify-page.html?id=${id}&mode=redirect&auto=success`);
      await clickWhenEnabled(await host.element());
      const { detail, events } = await host.resultAfterReturn();
      expect(detail).to.deep.equal({ connectionId: id, status: 'success', verified: true });
      expect(await requestCount(id)).to.equal(1);
      await page.expectNoSecondEvent(events);
    });

    it('a provider that sends the page back with status_code=success b.well never recorded: one error', async () => {
      const id = uniqueId();
      const host = new HostFrame(`/test/fixtures/verify-page.html?id=${id}&mode=redirect&auto=hijack`);
      await clickWhenEnabled(await host.element());
      const { detail, events } = await host.resultAfterReturn();
      expect(detail).to.deep.equal(unconfirmed(id));
      await page.expectNoSecondEvent(events);
    });
  });

  describe('auto mode, falling back to the redirect (the popup blocked)', function () {
    this.timeout(45_000);

    for (const [what, auto, expected] of [
      [
        'a real success: verified: true',
        'success',
        (id: string): Reported => ({ connectionId: id, status: 'success', verified: true }),
      ],
      ['a success b.well never recorded: error', 'hijack', unconfirmed],
    ] as const) {
      it(what, async () => {
        const id = uniqueId();
        const host = new HostFrame(`/test/fixtures/verify-page.html?id=${id}&mode=auto&auto=${auto}`);
        const el = await host.element();
        const began = Date.now();
        void el.connect(); // no user gesture: the popup is blocked, and the page itself goes
        // What the page records before it leaves, read in the same task.
        const record = JSON.parse(host.frame.contentWindow!.sessionStorage.getItem(redirectRecordKey(id))!);
        const { detail, events } = await host.resultAfterReturn();
        expect(detail).to.deep.equal(expected(id));
        expect(page.popups.handles, 'no popup window').to.have.length(0);
        // One attempt across the two pages: the id it had before leaving, its duration from its start there.
        const { attemptId, durationMs } = events[0]!.detail;
        expect(attemptId).to.equal(record.attemptId);
        expect(durationMs).to.be.at.most(Date.now() - began + 50);
        expect(durationMs, 'the 5 s confirmation at least').to.be.at.least(auto === 'hijack' ? 5000 : 0);
        await page.expectNoSecondEvent(events);
      });
    }
  });

  describe('the native seam (openUrl + complete)', () => {
    /** Mounts an element with verify-success whose openUrl keeps the URLs it is handed; clicks it. */
    async function startNative(flags: Record<string, string>) {
      const el = await mountVerifying(flags);
      const opened: string[] = [];
      el.openUrl = (url) => opened.push(url);
      const recorder = await page.click(el);
      await waitFor(() => opened.length === 1, 'openUrl was not called');
      expect(page.popups.calls, 'no popup').to.equal(0);
      return { el, recorder, url: opened[0]! };
    }

    it('complete("success") after a consent b.well recorded: one connection-success with verified: true', async () => {
      const { el, recorder, url } = await startNative({ auto: 'success' });
      // The app shows the provider (here in an iframe), and the consent reaches b.well.
      await openFrame(url);
      await waitForConnected(el.connectionId);
      el.complete('success');
      expect(await page.nextResult(recorder)).to.deep.equal(verified(el));
      await page.expectNoSecondEvent(recorder.events);
    });

    it('complete("success") that b.well never recorded (a forged deep link): one error', async () => {
      const requests = recordGraphqlRequests();
      try {
        await withPageClock(async (clock) => {
          const { el, recorder } = await startNative({});
          el.complete('success');
          expect(recorder.events, 'not reported before b.well was asked').to.have.length(0);
          el.complete('success');
          // b.well has answered the reading at the start and the first check of the reported success: not
          // connected. The rest of the confirmation time (test/attempt/connect-attempt.test.ts proves its schedule) is
          // skipped.
          const memberReads = () => requests.answered.filter((body) => body.includes('getMemberConnections')).length;
          await waitFor(
            () => el.phase === 'confirming-success' && memberReads() >= 2,
            'b.well was never asked to confirm the success',
          );
          await clock.skip(DEFAULTS.confirmSuccessTime);
          expect(await page.nextResult(recorder)).to.deep.equal(unconfirmed(el.connectionId));
          await page.expectNoSecondEvent(recorder.events);
        });
      } finally {
        requests.restore();
      }
    });
  });
});

describe('a confirmation is final', () => {
  /**
   * Mounts with verify-success, clicks, and waits until the popup's page has posted its success to this page
   * (the element has then taken it: its listener runs in the same dispatch, after the record's).
   */
  async function startConfirming(flags: Record<string, string>) {
    const el = await mountVerifying(flags);
    const recorder = await page.click(el);
    const popup = page.popup();
    await page.messages.waitFrom(popup, 'the popup’s page');
    expect(recorder.events, 'no result while confirming').to.have.length(0);
    return { el, recorder, popup, phase: el.phase };
  }

  /** Checks, after the test's own assertions, that the attempt was confirming when it was ended. */
  const expectWasConfirming = (phase: unknown) =>
    expect(phase, 'the phase it was ended in').to.equal('confirming-success');

  it('the callback helper closes the popup while b.well has not yet recorded the success: one verified success, never window_closed', async () => {
    // b.well shows the consent 3 s after it: long after the helper page has posted the result and closed itself.
    const el = await mountVerifying({
      auto: 'success',
      lag: '3000',
      redirect: 'custom',
      returnPath: '/demo/callback-helper.html',
    });
    const progress = recordProgress(el, el);
    const recorder = await page.click(el);
    const popup = page.popup();
    await waitFor(() => popup.closed, 'the callback helper did not close the popup');
    expect(recorder.events, 'no result when the popup reads as closed').to.have.length(0);
    expect(await page.nextResult(recorder)).to.deep.equal(verified(el));
    expect(progress.map((p) => p.phase))
      .to.include('confirming-success')
      .and.not.to.include('confirming-close');
    await page.expectNoSecondEvent(recorder.events);
  });

  it('the popup closed just after b.well’s completion page posted, b.well recording 3 s late: one verified success', async () => {
    // Closed by the page at once, a closed reading's grace (1 s) and server check end long before b.well shows it.
    const { el, recorder, popup, phase } = await startConfirming({ auto: 'success', lag: '3000' });
    popup.close();
    expect(await page.nextResult(recorder)).to.deep.equal(verified(el));
    await page.expectNoSecondEvent(recorder.events);
    expectWasConfirming(phase);
  });

  const lagging = { auto: 'success', lag: '60000' };

  it('cancel() while b.well is asked: aborted at once, one event, the popup closed', async () => {
    const { el, recorder, popup, phase } = await startConfirming(lagging);
    el.cancel();
    expect(recorder.events, 'reported within cancel()').to.have.length(1);
    expect(await page.nextResult(recorder)).to.deep.equal(cancelled(el));
    await expectClosed(popup);
    await page.expectNoSecondEvent(recorder.events);
    expectWasConfirming(phase);
  });

  it('the element removed while b.well is asked: aborted at once, one event, the popup closed', async () => {
    const { el, recorder, popup, phase } = await startConfirming(lagging);
    el.remove();
    // The confirmation would give up only after 5 s: this comes from the removal.
    expect(await page.nextResult(recorder, 2000)).to.deep.equal({
      connectionId: el.connectionId,
      status: 'aborted',
      message: 'The element was removed from the document.',
    });
    await expectClosed(popup);
    await page.expectNoSecondEvent(recorder.events);
    expectWasConfirming(phase);
  });

  it('connection-id changed while b.well is asked: aborted at once for the old id, one event', async () => {
    const { el, recorder, popup, phase } = await startConfirming(lagging);
    const oldId = el.connectionId;
    el.setAttribute('connection-id', uniqueId());
    expect(await page.nextResult(recorder, 2000)).to.deep.equal({
      connectionId: oldId,
      status: 'aborted',
      message: 'connection-id changed during the attempt.',
    });
    await expectClosed(popup);
    await page.expectNoSecondEvent(recorder.events);
    expectWasConfirming(phase);
  });
});
