import { expect, waitUntil } from '@open-wc/testing';
import { realClick, settleTime } from './support/e2e.js';

// The demo page's scenarios in every engine of the suite. The page is served by the test runner (its config
// and plugins, not web-dev-server.config.mjs), so this does not test the demo as `npm start` serves it:
// test/node/demo-dev-server.test.mjs does, with the real dev server, in Chromium.

/** The demo page, in an iframe of the test page (same origin). */
async function openDemo(): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1000px; height: 900px; border: 0';
  frame.src = '/demo/index.html';
  document.body.append(frame);
  await waitUntil(
    () => frame.contentDocument?.querySelector('#emulated')?.getAttribute('endpoint'),
    'the demo did not load its emulator configuration',
    { timeout: 10_000 },
  );
  return frame.contentDocument!;
}

/** Picks a value in one of the demo's scenario controls, as a person would. */
function choose(demo: Document, id: string, value: string): void {
  const select = demo.getElementById(id) as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Clicks the demo's element with the real mouse, through the iframe's offset. */
async function clickConnect(demo: Document): Promise<void> {
  const frame = demo.defaultView!.frameElement!;
  const button = demo.querySelector('#emulated')!.shadowRoot!.querySelector('button')!;
  await waitUntil(() => !button.disabled, 'the demo button stayed disabled');
  button.scrollIntoView({ block: 'center' });
  const inner = button.getBoundingClientRect();
  const outer = frame.getBoundingClientRect();
  const target = { getBoundingClientRect: () => new DOMRect(outer.x + inner.x, outer.y + inner.y, inner.width, inner.height), scrollIntoView() {} };
  await realClick(target as unknown as Element);
}

function logEntries(demo: Document): HTMLLIElement[] {
  return [...demo.querySelectorAll<HTMLLIElement>('#log li')];
}

describe('the demo page', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('walks to a success and logs exactly one connection-success', async () => {
    const demo = await openDemo();
    choose(demo, 'scenario-auto', 'success');
    await clickConnect(demo);
    await waitUntil(() => logEntries(demo).length > 0, 'nothing was logged', { timeout: 15_000 });
    await settleTime(800);
    const entries = logEntries(demo);
    expect(entries).to.have.length(1);
    expect(entries[0]!.dataset['type']).to.equal('connection-success');
    expect(entries[0]!.textContent).to.contain('"status":"success"');
    expect(demo.querySelector('#emulated')!.getAttribute('state')).to.equal('succeeded');
  });

  it('walks to a failure (the provider denies, on the custom redirect) and logs it', async () => {
    const demo = await openDemo();
    choose(demo, 'scenario-redirect', 'custom');
    choose(demo, 'scenario-auto', 'cancelled');
    await clickConnect(demo);
    await waitUntil(() => logEntries(demo).length > 0, 'nothing was logged', { timeout: 15_000 });
    await settleTime(800);
    const entries = logEntries(demo);
    expect(entries).to.have.length(1);
    expect(entries[0]!.dataset['type']).to.equal('connection-failure');
    expect(entries[0]!.textContent).to.contain('"status":"cancelled"');
  });

  it('shows a request failure from a fault the person picks', async () => {
    const demo = await openDemo();
    choose(demo, 'scenario-connection', 'fault_graphql_error');
    await clickConnect(demo);
    await waitUntil(() => logEntries(demo).length > 0, 'nothing was logged', { timeout: 15_000 });
    expect(logEntries(demo)[0]!.textContent).to.contain('"status":"request_failed"');
  });

  it('walks the callback-helper path', async () => {
    const demo = await openDemo();
    choose(demo, 'scenario-redirect', 'helper');
    choose(demo, 'scenario-auto', 'expired');
    await clickConnect(demo);
    await waitUntil(() => logEntries(demo).length > 0, 'nothing was logged', { timeout: 15_000 });
    expect(logEntries(demo)[0]!.textContent).to.contain('"status":"expired"');
  });

  it('walks the native seam: the simulated app hands back the deep link’s code', async () => {
    const demo = await openDemo();
    choose(demo, 'scenario-mode', 'native');
    await clickConnect(demo);
    const panel = demo.getElementById('native-app')!;
    await waitUntil(() => !panel.hidden, 'the simulated app never got the URL', { timeout: 10_000 });
    panel.querySelector<HTMLButtonElement>('button[data-code="success"]')!.click();
    await waitUntil(() => logEntries(demo).length > 0, 'nothing was logged');
    expect(logEntries(demo)).to.have.length(1);
    expect(logEntries(demo)[0]!.textContent).to.contain('"status":"success"');
  });

  it('walks redirect mode: the page leaves, comes back, and logs the result', async () => {
    const demo = await openDemo();
    const frame = demo.defaultView!.frameElement as HTMLIFrameElement;
    choose(demo, 'scenario-mode', 'redirect');
    choose(demo, 'scenario-auto', 'success');
    await clickConnect(demo);
    // The demo navigates away to the provider and back to itself; read it again once it is back.
    await waitUntil(
      () => {
        try {
          return logEntries(frame.contentDocument!).length > 0;
        } catch {
          return false; // on the provider's origin meanwhile
        }
      },
      'nothing was logged after the return',
      { timeout: 20_000 },
    );
    const entries = logEntries(frame.contentDocument!);
    expect(entries).to.have.length(1);
    expect(entries[0]!.textContent).to.contain('"status":"success"');
    expect(frame.contentWindow!.location.search).not.to.contain('status_code');
  });
});
