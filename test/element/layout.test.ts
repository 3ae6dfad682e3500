import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { E2EHarness } from '../support/harness.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** The element's width and the left edge of the text beside it, in one inline row as a page would lay it out. */
async function measure(el: BwellConnectElement): Promise<{ width: number; height: number; neighbour: number }> {
  await el.updateComplete;
  const neighbour = el.nextElementSibling!.getBoundingClientRect().left;
  const { width, height } = el.getBoundingClientRect();
  return { width, height, neighbour };
}

/** The two boxes are the same, to a sub-pixel (engines round layout differently). */
function expectSameBox(actual: Record<string, number>, expected: Record<string, number>): void {
  for (const key of Object.keys(expected)) expect(actual[key], key).to.be.closeTo(expected[key]!, 0.01);
}

/** Puts a neighbour right after the element, on the same line. */
function withNeighbour(el: BwellConnectElement): void {
  const next = document.createElement('span');
  next.textContent = 'neighbour';
  el.after(next);
}

describe('<bwell-connect> layout: its box never changes, so its neighbours never move', () => {
  it('idle, working, succeeded: the same box; a check shows the success on the button', async () => {
    const { el, recorder } = await page.start({ auto: 'success', autoDelay: '600' });
    withNeighbour(el);
    const working = await measure(el);
    expect(el.shadowRoot!.querySelector('[part=spinner]'), 'spinner while working').to.exist;
    const event = await recorder.next();
    expect(event.type).to.equal('connection-success');
    const succeeded = await measure(el);
    expect(el.shadowRoot!.querySelector('.check'), 'a check after the success').to.exist;
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal('Connected');
    const idle = await page.mount();
    await idle.updateComplete;
    expectSameBox(succeeded, working);
    const { width, height } = idle.getBoundingClientRect();
    expectSameBox({ width, height }, { width: working.width, height: working.height });
  });

  it('a failure with a long reason: the same box as idle; the status wraps within it', async () => {
    const el = await page.mount({ auto: 'success' });
    withNeighbour(el);
    const idle = await measure(el);
    el.cancel();
    const result = await el.connect();
    expect(result.status).to.equal('popup_blocked');
    const failed = await measure(el);
    expect(el.getAttribute('state')).to.equal('failed');
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.match(/^Connection failed: /);
    expectSameBox(failed, idle);
  });
});
