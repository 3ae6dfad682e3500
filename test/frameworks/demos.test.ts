// The framework demo pages (demo/plain.html, vue.html, angular.html, react.html), as `npm start` serves them,
// each in an iframe of the test page, clicked through to one logged success against the emulator. The pages
// pass their URL's flags to the emulator, so `?auto=success` needs no click in the popup.
import { expect, waitUntil } from '@open-wc/testing';
import { realClick, settleTime } from '../support/e2e.js';

async function openDemo(page: string): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 900px; height: 600px; border: 0';
  frame.src = `/demo/${page}?auto=success`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame.contentDocument!;
}

/** Clicks the page's element with the real mouse, through the iframe's offset, once it is enabled. */
async function clickConnect(demo: Document): Promise<void> {
  const enabled = () => demo.querySelector('bwell-connect')?.shadowRoot?.querySelector('button')?.disabled === false;
  await waitUntil(enabled, 'the demo’s button stayed disabled', { timeout: 10_000 }).catch(() => {
    throw new Error(`The demo’s button stayed disabled; the page says: ${demo.getElementById('status')?.textContent}`);
  });
  const button = demo.querySelector('bwell-connect')!.shadowRoot!.querySelector('button')!;
  const inner = button.getBoundingClientRect();
  const outer = demo.defaultView!.frameElement!.getBoundingClientRect();
  const target = { getBoundingClientRect: () => new DOMRect(outer.x + inner.x, outer.y + inner.y, inner.width, inner.height), scrollIntoView() {} };
  await realClick(target as unknown as Element);
}

describe('the framework demo pages', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  for (const page of ['plain.html', 'vue.html', 'angular.html', 'react.html']) {
    it(`${page} logs one connection-success`, async () => {
      const demo = await openDemo(page);
      expect(demo.getElementById('status')?.textContent ?? '').to.equal('');
      await clickConnect(demo);
      await waitUntil(() => demo.querySelectorAll('#log li').length > 0, 'nothing logged', { timeout: 15_000, interval: 20 });
      await settleTime(800);
      const entries = [...demo.querySelectorAll<HTMLLIElement>('#log li')];
      expect(entries).to.have.length(1);
      expect(entries[0]!.dataset['type']).to.equal('connection-success');
      expect(entries[0]!.textContent).to.include('"connectionId":"proa_demo","status":"success"');
    });
  }
});
