import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import * as sinon from 'sinon';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { DEFAULTS } from '../../src/settings.js';
import { realClick } from '../support/e2e.js';
import { emulator, requestCount, waitForRequests } from '../support/emulator.js';
import { recordEvents } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';

/** How the browser dispatches real input: up through the shadow root to the element. */
const AS_INPUT = { bubbles: true, composed: true };

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** The centre of the element's button, in the page's coordinates. */
function centre(el: BwellConnectElement): [number, number] {
  const box = el.shadowRoot!.querySelector('button')!.getBoundingClientRect();
  return [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
}

/** Counts the GraphQL fetches that have answered. */
function countAnswers(): { answered: () => number; restore(): void } {
  let answered = 0;
  const fetch = window.fetch;
  window.fetch = (...args: Parameters<typeof fetch>) =>
    fetch.apply(window, args).finally(() => {
      answered += 1;
    });
  return {
    answered: () => answered,
    restore() {
      window.fetch = fetch;
    },
  };
}

/** The URL of each `window.open` call of the running test. */
const openedUrls = () => page.popups.openCalls.map((call) => String(call.url));

describe('<bwell-connect>: the press before the click requests the URL', () => {
  let watch: ReturnType<typeof countAnswers>;
  beforeEach(() => {
    watch = countAnswers();
  });
  afterEach(() => watch.restore());

  it('a human press (down, then up later): the popup opens on the provider URL itself, one request in all', async () => {
    const { providerOrigin } = await emulator();
    const el = await page.mount({ auto: 'success' });
    const recorder = recordEvents(el);
    await sendMouse({ type: 'move', position: centre(el) });
    await sendMouse({ type: 'down' });
    await waitForRequests(el.connectionId, 1);
    await waitFor(() => watch.answered() >= 1, 'the URL request did not answer');
    expect(openedUrls(), 'nothing opened on the press').to.deep.equal([]);
    await sendMouse({ type: 'up' });
    const event = await recorder.next();
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(openedUrls()).to.have.length(1);
    expect(new URL(openedUrls()[0]!).origin, 'opened on the provider, not blank').to.equal(providerOrigin);
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('a press no click follows: its URL is dropped, and the next click requests a new one', async () => {
    const el = await page.mount({ auto: 'success' });
    const recorder = recordEvents(el);
    // The element's drop timer on a fake clock, the test's own waits on the real one.
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    el.shadowRoot!.querySelector('button')!.dispatchEvent(new PointerEvent('pointerdown', { button: 0, ...AS_INPUT }));
    clock.restore();
    await waitForRequests(el.connectionId, 1);
    clock.tick(DEFAULTS.pressTime);
    await realClick(el);
    const event = await recorder.next();
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(await requestCount(el.connectionId), 'the dropped one and the click’s own').to.equal(2);
    expect(recorder.events).to.have.length(1);
  });

  it('a click or press beside the button (its status line, the element itself) starts nothing', async () => {
    const el = await page.mount({ auto: 'success' });
    const recorder = recordEvents(el);
    const status = el.shadowRoot!.querySelector<HTMLElement>('[part="status"]')!;
    status.dispatchEvent(new PointerEvent('pointerdown', { button: 0, ...AS_INPUT }));
    status.click();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ...AS_INPUT }));
    el.click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await requestCount(el.connectionId)).to.equal(0);
    expect(recorder.events).to.have.length(0);
    expect(el.state).to.equal('idle');
  });

  it('a secondary button or any other key requests nothing', async () => {
    const el = await page.mount({ auto: 'success' });
    const button = el.shadowRoot!.querySelector('button')!;
    button.dispatchEvent(new PointerEvent('pointerdown', { button: 2, ...AS_INPUT }));
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', ...AS_INPUT }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await requestCount(el.connectionId)).to.equal(0);
  });
});

describe('<bwell-connect>: a press taken by its click', () => {
  it('leaves nothing once the attempt ends: the 5 s expiry of its URL is cleared with the click', async () => {
    const el = await page.mount({ auto: 'success' });
    const recorder = recordEvents(el);
    await realClick(el); // a real press: pointerdown, then the click that takes its URL
    expect((await recorder.next()).detail.status).to.equal('success');
    // The popup's close is checked again for up to a second after the end (closeRetries); nothing else remains.
    await waitFor(() => page.timersHeld === 0, 'the element still holds a timer 2 s after its attempt ended', 2000);
    expect(recorder.events).to.have.length(1);
  });
});
