import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { skipCloseGrace, withPageClock } from '../support/clock.js';
import { CLICK_WHILE_LOADING_MS, QUICK_POLL_MS, realClick } from '../support/e2e.js';
import { emulator, endpointWith, recordGraphqlRequests, requestCount } from '../support/emulator.js';
import { recordEvents, reported, cancelled } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';
import { recordMessages, recordPopups } from '../support/popups.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

describe('<bwell-connect> against the local b.well emulator (real popups, popup blocker on)', () => {
  it('completes through b.well’s completion page posting back across origins', async () => {
    const { el, recorder } = await page.start({ auto: 'success' });
    expect(el.getAttribute('state')).to.equal('working');
    const event = await recorder.next();
    expect(event.type).to.equal('connection-success');
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(el.getAttribute('state')).to.equal('succeeded');
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('reports a failure posted by the completion page as error', async () => {
    const { el, recorder } = await page.start({ auto: 'cancelled' });
    const event = await recorder.next();
    expect(event.type).to.equal('connection-failure');
    expect(event.detail).to.deep.include({ connectionId: el.connectionId, status: 'error' });
    expect(el.getAttribute('state')).to.equal('failed');
  });

  for (const code of ['success', 'cancelled', 'expired', 'unauthorized', 'error'] as const) {
    it(`reads status_code=${code} from the custom redirect page by polling`, async () => {
      const { el, recorder } = await page.start({ auto: code, redirect: 'custom' }, { pollInterval: QUICK_POLL_MS });
      const event = await recorder.next();
      expect(event.type).to.equal(code === 'success' ? 'connection-success' : 'connection-failure');
      expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: code });
    });
  }

  it('ends as window_closed when the popup closes without a result', async () => {
    await withPageClock(async (clock) => {
      const { el, recorder } = await page.start({ auto: 'close' }, { pollInterval: QUICK_POLL_MS });
      await skipCloseGrace(el, clock);
      expect((await recorder.next()).detail).to.deep.include({ status: 'window_closed' });
    });
  });

  // The timeout's schedule is test/attempt/connect-attempt.test.ts's: here the page clock skips it once the popup shows
  // the provider.
  it('ends as timeout and closes the popup', async () => {
    await withPageClock(async (clock) => {
      const el = await page.mount({ auto: 'stay' });
      el.timeout = 1500;
      const recorder = await page.click(el);
      await waitFor(() => el.phase === 'at-provider', 'the popup never showed the provider');
      await clock.skip(el.timeout);
      const event = await recorder.next();
      expect(event.detail).to.deep.equal({
        connectionId: el.connectionId,
        status: 'timeout',
        message: 'No result within 1500 ms.',
      });
    });
  });

  it('ignores a status-success posted by the provider’s untrusted origin', async () => {
    const messages = recordMessages();
    try {
      await withPageClock(async (clock) => {
        const el = await page.mount({ auto: 'spoof' });
        el.timeout = 2500;
        const recorder = await page.click(el);
        await waitFor(() => messages.messages.some((m) => m.data === 'status-success'), 'the provider posted nothing');
        await clock.skip(el.timeout);
        expect((await recorder.next()).detail.status).to.equal('timeout');
      });
    } finally {
      messages.stop();
    }
  });

  it('ends as popup_blocked when connect() runs without a user gesture', async () => {
    const el = await page.mount({ auto: 'success' });
    const { events } = recordEvents(el);
    const result = await el.connect();
    expect(result).to.deep.include({ connectionId: el.connectionId, status: 'popup_blocked' });
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.equal(result);
    expect(await requestCount(el.connectionId)).to.equal(0);
  });

  it('reports request_failed with b.well’s message for a GraphQL error', async () => {
    const { recorder } = await page.start({ fault: 'graphql_error' });
    const event = await recorder.next();
    expect(event.detail.status).to.equal('request_failed');
    expect(event.detail.message).to.match(/^b\.well returned an error \(code 500\): .+/);
  });

  it('treats a second click during an attempt as focus: no second window, no second request', async () => {
    const popups = recordPopups();
    try {
      const { el, recorder } = await page.start({ auto: 'success', autoDelay: String(CLICK_WHILE_LOADING_MS) });
      await realClick(el);
      expect(popups.calls, 'window.open calls after the second click').to.equal(1);
      expect((await recorder.next()).detail.status).to.equal('success');
      expect(await requestCount(el.connectionId)).to.equal(1);
    } finally {
      popups.restore();
    }
  });

  it('requests a fresh URL for a retry after a failure', async () => {
    const { el, recorder } = await withPageClock(async (clock) => {
      const started = await page.start({ auto: 'close' }, { pollInterval: QUICK_POLL_MS });
      await skipCloseGrace(started.el, clock);
      expect((await started.recorder.next()).detail.status).to.equal('window_closed');
      return started;
    });
    el.endpoint = await endpointWith({ auto: 'success' });
    await el.updateComplete;
    await realClick(el);
    expect((await recorder.next()).detail.status).to.equal('success');
    expect(await requestCount(el.connectionId)).to.equal(2);
  });

  it('cancel() ends the attempt as aborted', async () => {
    const { el, recorder } = await page.start({ auto: 'stay' });
    el.cancel();
    const event = await recorder.next();
    expect(event.detail).to.deep.equal(cancelled(el));
  });

  it('ends as aborted when removed from the document mid-attempt', async () => {
    const { el, recorder } = await page.start({ auto: 'stay' });
    el.remove();
    expect((await recorder.next()).detail).to.deep.equal({
      connectionId: el.connectionId,
      status: 'aborted',
      message: 'The element was removed from the document.',
    });
  });

  it('keeps two elements on one page apart', async () => {
    const a = await page.mount({ auto: 'success', autoDelay: '600' });
    const b = await page.mount({ auto: 'cancelled', redirect: 'custom', autoDelay: '300' });
    const eventsA = recordEvents(a);
    const eventsB = recordEvents(b);
    await realClick(a);
    await realClick(b);
    expect((await eventsA.next()).detail).to.deep.equal({ connectionId: a.connectionId, status: 'success' });
    expect((await eventsB.next()).detail).to.deep.equal({ connectionId: b.connectionId, status: 'cancelled' });
  });

  it('treats an endpoint a framework set to undefined as the default endpoint, not a relative URL', async () => {
    const el = await page.mount({});
    el.endpoint = undefined as unknown as string;
    const recorder = await page.click(el);
    const event = await recorder.next();
    // No internet here: the request to b.well's client-sandbox fails, which shows where it went.
    expect(event.detail).to.deep.equal({
      connectionId: el.connectionId,
      status: 'request_failed',
      message: 'Network error: could not reach https://api.client-sandbox.icanbwell.com.',
    });
  });

  it('reads trusted-origins separated by spaces or commas: the completion origin among others is trusted', async () => {
    const { completionOrigin } = await emulator();
    const el = await page.mount({ auto: 'success' });
    el.setAttribute('trusted-origins', `https://a.example, ${completionOrigin}  https://c.example`);
    const recorder = await page.click(el);
    expect((await recorder.next()).detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
  });

  it('disables the button without a connection id: neither a click nor connect() opens a window or sends a request', async () => {
    const el = await page.mount({ auto: 'success' }, { connectionId: '' });
    const popups = recordPopups();
    const requests = recordGraphqlRequests();
    try {
      expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
      const recorder = await page.click(el);
      // The click of an enabled button would have reported within the click (connect() checks the id first).
      expect(recorder.events, 'events after the click').to.have.length(0);
      expect(el.getAttribute('state')).to.equal('idle');
      expect(reported(await el.connect())).to.deep.equal({
        connectionId: '',
        status: 'request_failed',
        message: 'Set connection-id before connecting.',
      });
      expect(popups.calls, 'window.open calls').to.equal(0);
      expect(requests.bodies, 'requests sent').to.deep.equal([]);
    } finally {
      requests.restore();
      popups.restore();
    }
  });
});
