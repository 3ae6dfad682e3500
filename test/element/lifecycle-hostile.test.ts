import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { CLICK_WHILE_LOADING_MS, realClick } from '../support/e2e.js';
import { requestCount, uniqueId, waitForRequests } from '../support/emulator.js';
import { recordEvents, reported, type Reported, cancelled } from '../support/results.js';
import { expectClosed } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

const REMOVED: Omit<Reported, 'connectionId'> = {
  status: 'aborted',
  message: 'The element was removed from the document.',
};

const UNLOADED: Omit<Reported, 'connectionId'> = {
  status: 'aborted',
  message: 'The page was unloaded during the attempt.',
};

/** The provider's delay (`autoDelay`) that keeps an attempt running past the click that started it. */
const OUTLASTS_A_CLICK = String(CLICK_WHILE_LOADING_MS);

/**
 * The provider's delay (`autoDelay`) for the `index`th of `count` elements clicked in turn: every popup is
 * open before the first finishes, and the last clicked finishes first.
 */
function staggered(index: number, count: number): string {
  return String((count - 1 - index) * CLICK_WHILE_LOADING_MS + 300);
}

/** Every popup opened so far reads as closed (see expectClosed). */
async function expectAllClosed(): Promise<void> {
  for (const popup of page.popups.handles) await expectClosed(popup);
}

/** Clicks each element in turn, then returns each one's first result, in the same order. */
async function clickAllThenCollect(elements: BwellConnectElement[]): Promise<Reported[]> {
  const recorders = elements.map((el) => recordEvents(el));
  for (const el of elements) await realClick(el);
  expect(page.popups.handles, 'one popup per element').to.have.length(elements.length);
  expect(
    page.popups.handles.map((popup) => popup.closed),
    'closed flags once all are clicked',
  ).to.deep.equal(elements.map(() => false));
  return Promise.all(recorders.map((recorder) => page.nextResult(recorder)));
}

describe('hostile input: the element’s life cycle during an attempt', () => {
  it('removed mid-attempt: aborted, popup closed', async () => {
    const { el, recorder } = await page.start({ auto: 'success', autoDelay: '1500' });
    el.remove();
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, ...REMOVED });
    await expectClosed(page.popup());
  });

  it('removed, then re-inserted after an await: the attempt stays aborted and a new click works', async () => {
    const { el, recorder } = await page.start({ auto: 'success', autoDelay: OUTLASTS_A_CLICK });
    const parent = el.parentElement!;
    el.remove();
    expect((await recorder.next()).detail).to.deep.equal({ connectionId: el.connectionId, ...REMOVED });
    parent.append(el);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('failed');
    await realClick(el);
    expect((await recorder.next()).detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(page.popups.handles).to.have.length(2);
    await expectAllClosed();
    expect(await requestCount(el.connectionId)).to.equal(2);
  });

  it('removed and re-inserted synchronously (a framework moving it): not a removal, the attempt succeeds', async () => {
    const { el, recorder } = await page.start({ auto: 'success', autoDelay: '800' });
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    try {
      const parent = el.parentElement!;
      el.remove();
      parent.append(el); // the same place
      elsewhere.append(el); // and a move to another parent, in the same task
      expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
      await expectClosed(page.popup());
      expect(el.getAttribute('state')).to.equal('succeeded');
    } finally {
      elsewhere.remove();
    }
  });

  it('connection-id changed mid-attempt: aborted for the old id; the next click asks for the new id', async () => {
    const el = await page.mount({ auto: 'success', autoDelay: OUTLASTS_A_CLICK });
    const oldId = el.connectionId;
    const newId = uniqueId();
    const recorder = await page.click(el);
    await waitForRequests(oldId, 1);
    el.setAttribute('connection-id', newId);
    expect((await recorder.next()).detail).to.deep.equal({
      connectionId: oldId,
      status: 'aborted',
      message: 'connection-id changed during the attempt.',
    });
    await expectClosed(page.popups.handles[0]!);
    await realClick(el);
    expect((await recorder.next()).detail).to.deep.equal({ connectionId: newId, status: 'success' });
    expect(await requestCount(oldId)).to.equal(1);
    expect(await requestCount(newId)).to.equal(1);
  });

  it('disabled mid-attempt: the attempt goes on to success; clicks are ignored', async () => {
    const { el, recorder } = await page.start({ auto: 'success', autoDelay: OUTLASTS_A_CLICK });
    el.disabled = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
    for (let i = 0; i < 3; i += 1) await realClick(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    await realClick(el);
    // A click that reached connect() would have opened a window, or reported, within the click.
    expect(page.popups.calls, 'a click on the disabled button after the attempt opens nothing').to.equal(1);
    expect(recorder.events, 'nor reports anything').to.have.length(1);
    await expectClosed(page.popup());
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('two elements with popups open at once (both on b.well’s completion page): each gets only its own result', async () => {
    const [a, b] = [
      await page.mount({ auto: 'success', autoDelay: staggered(0, 2) }),
      await page.mount({ auto: 'cancelled', autoDelay: staggered(1, 2) }),
    ];
    expect(await clickAllThenCollect([a, b])).to.deep.equal([
      { connectionId: a.connectionId, status: 'success' },
      { connectionId: b.connectionId, status: 'error', message: 'b.well reported status-failure.' },
    ]);
    await expectAllClosed();
  });

  it('five elements with popups open at once: each gets only its own result', async () => {
    const elements = [
      await page.mount({ auto: 'success', autoDelay: staggered(0, 5) }),
      await page.mount({ auto: 'cancelled', autoDelay: staggered(1, 5) }),
      await page.mount({ auto: 'expired', redirect: 'custom', autoDelay: staggered(2, 5) }),
      await page.mount({ auto: 'unauthorized', redirect: 'custom', autoDelay: staggered(3, 5) }),
      await page.mount({ auto: 'success', redirect: 'custom', autoDelay: staggered(4, 5) }),
    ];
    const ids = elements.map((el) => el.connectionId);
    expect(await clickAllThenCollect(elements)).to.deep.equal([
      { connectionId: ids[0], status: 'success' },
      { connectionId: ids[1], status: 'error', message: 'b.well reported status-failure.' },
      { connectionId: ids[2], status: 'expired' },
      { connectionId: ids[3], status: 'unauthorized' },
      { connectionId: ids[4], status: 'success' },
    ]);
    await expectAllClosed();
    for (const id of ids) expect(await requestCount(id), id).to.equal(1);
  });

  it('50 rapid clicks: one popup, one request, one event', async function () {
    this.timeout(60_000);
    const el = await page.mount({ auto: 'stay' });
    const recorder = recordEvents(el);
    let clicks = 0;
    el.addEventListener('click', () => (clicks += 1));
    for (let i = 0; i < 50; i += 1) await realClick(el);
    expect(clicks, 'every click reached the button').to.equal(50);
    const popup = page.popup();
    await waitForRequests(el.connectionId, 1);
    expect(recorder.events, 'still running').to.have.length(0);
    expect(popup.closed).to.equal(false);
    el.cancel();
    expect(await page.nextResult(recorder)).to.deep.equal(cancelled(el));
    await expectClosed(popup);
    expect(page.popups.calls).to.equal(1);
    expect(await requestCount(el.connectionId), 'requests, all clicks and the attempt done').to.equal(1);
  });

  it('adopted into an iframe mid-attempt, then the iframe removed: aborted once, popup closed', async () => {
    const { el, recorder } = await page.start({ auto: 'success', autoDelay: '3000' });
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frame.contentDocument!.body.append(el);
    // The element decides in a microtask whether it was removed (a move is not a removal): this runs after it.
    await Promise.resolve();
    expect(recorder.events, 'a move into a frame is not a removal').to.have.length(0);
    frame.remove();
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, ...UNLOADED });
    await expectClosed(page.popup());
  });

  describe('with sessionStorage blocked (reading it throws, as with "Block all cookies")', () => {
    let restore: () => void;
    beforeEach(() => {
      const descriptor = Object.getOwnPropertyDescriptor(window, 'sessionStorage')!;
      Object.defineProperty(window, 'sessionStorage', {
        configurable: true,
        get() {
          throw new DOMException(
            "Failed to read the 'sessionStorage' property from 'Window': Access is denied.",
            'SecurityError',
          );
        },
      });
      restore = () => Object.defineProperty(window, 'sessionStorage', descriptor);
    });
    afterEach(() => restore());

    it('popup mode still opens the popup and reports the success', async () => {
      const { el, recorder } = await page.start({ auto: 'success' });
      expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
      await expectClosed(page.popup());
    });

    it('redirect mode ends at once as request_failed naming the cause; no request, no popup, the page stays', async () => {
      const el = await page.mount({ auto: 'success' });
      el.mode = 'redirect';
      const recorder = recordEvents(el);
      const before = location.href;
      const result = await el.connect();
      expect(result.status).to.equal('request_failed');
      expect(result.message).to.match(/Redirect mode needs sessionStorage/);
      expect(recorder.details(), 'reported at once').to.deep.equal([reported(result)]);
      expect(page.popups.calls).to.equal(0);
      expect(await requestCount(el.connectionId)).to.equal(0);
      expect(location.href).to.equal(before);
    });
  });
});
