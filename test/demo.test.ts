import { expect } from '@open-wc/testing';
import { clickWhenEnabled } from './support/e2e.js';
import { waitFor } from './support/wait-for.js';
import { E2EHarness } from './support/harness.js';
import { removeFrames } from './support/windows.js';

// The demo page's scenarios in every engine of the suite. The page is served by the test runner (its config
// and plugins, not web-dev-server.config.mjs), so this does not test the demo as `npm start` serves it:
// test/node/demo-dev-server.test.mjs does, with the real dev server, in Chromium.

/** The demo page, in an iframe of the test page (same origin). */
async function openDemo(timeout = 10_000): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1000px; height: 900px; border: 0';
  frame.src = '/demo/index.html';
  document.body.append(frame);
  await waitFor(
    () => frame.contentDocument?.querySelector('#emulated')?.getAttribute('endpoint'),
    'the demo did not load its emulator configuration',
    timeout,
  );
  return frame.contentDocument!;
}

/** Picks a value in one of the demo's scenario controls, as a person would. */
function choose(demo: Document, id: string, value: string): void {
  const select = demo.getElementById(id) as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Clicks the demo's element with the real mouse (through the iframe) once it is enabled. */
function clickConnect(demo: Document): Promise<void> {
  return clickWhenEnabled(demo.querySelector('#emulated')!);
}

function logEntries(demo: Document): HTMLLIElement[] {
  return [...demo.querySelectorAll<HTMLLIElement>('#log li')];
}

/**
 * Waits for the demo's first log entry and returns the entries: all the entries one event makes are there by
 * then (the demo logs within the event's dispatch).
 */
async function firstEntries(demo: Document): Promise<HTMLLIElement[]> {
  await waitFor(() => logEntries(demo).length > 0, 'nothing was logged');
  return logEntries(demo);
}

describe('the demo page', () => {
  const page = new E2EHarness();
  // The first load has the test server transform the demo's modules: on two busy cores that has taken over the
  // 10 s each test allows its load (`npm test` runs several browsers and the Node tests at once). Paid here, once.
  before(async function () {
    this.timeout(60_000);
    await openDemo(50_000);
    removeFrames();
  });
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  /** Scenarios picked in the demo's controls, clicked through to the one entry each logs. */
  const walks: Array<{
    name: string;
    choices: Array<[control: string, value: string]>;
    type: string;
    status: string;
    state: string;
  }> = [
    {
      name: 'walks to a success',
      choices: [['scenario-auto', 'success']],
      type: 'connection-success',
      status: 'success',
      state: 'succeeded',
    },
    {
      name: 'walks to a failure (the provider denies, on the custom redirect)',
      choices: [
        ['scenario-redirect', 'custom'],
        ['scenario-auto', 'cancelled'],
      ],
      type: 'connection-failure',
      status: 'cancelled',
      state: 'failed',
    },
    {
      name: 'shows a request failure from a fault the person picks',
      choices: [['scenario-connection', 'fault_graphql_error']],
      type: 'connection-failure',
      status: 'request_failed',
      state: 'failed',
    },
    {
      name: 'walks the callback-helper path',
      choices: [
        ['scenario-redirect', 'helper'],
        ['scenario-auto', 'expired'],
      ],
      type: 'connection-failure',
      status: 'expired',
      state: 'failed',
    },
  ];

  for (const walk of walks) {
    it(`${walk.name}: one ${walk.type} logged`, async () => {
      const demo = await openDemo();
      for (const [control, value] of walk.choices) choose(demo, control, value);
      await clickConnect(demo);
      const entries = await firstEntries(demo);
      expect(entries).to.have.length(1);
      expect(entries[0]!.dataset['type']).to.equal(walk.type);
      expect(entries[0]!.textContent).to.contain(`"status":"${walk.status}"`);
      expect(demo.querySelector('#emulated')!.getAttribute('state')).to.equal(walk.state);
    });
  }

  it('walks the native seam: the simulated app hands back the deep link’s code', async () => {
    const demo = await openDemo();
    choose(demo, 'scenario-mode', 'native');
    await clickConnect(demo);
    const panel = demo.getElementById('native-app')!;
    await waitFor(() => !panel.hidden, 'the simulated app never got the URL', 10_000);
    panel.querySelector<HTMLButtonElement>('button[data-code="success"]')!.click();
    const entries = await firstEntries(demo);
    expect(entries).to.have.length(1);
    expect(entries[0]!.textContent).to.contain('"status":"success"');
  });

  it('walks redirect mode: the page leaves, comes back, and logs the result', async () => {
    const demo = await openDemo();
    const frame = demo.defaultView!.frameElement as HTMLIFrameElement;
    choose(demo, 'scenario-mode', 'redirect');
    choose(demo, 'scenario-auto', 'success');
    await clickConnect(demo);
    // The demo navigates away to the provider and back to itself; read it again once it is back.
    await waitFor(
      () => {
        try {
          return logEntries(frame.contentDocument!).length > 0;
        } catch {
          return false; // on the provider's origin meanwhile
        }
      },
      'nothing was logged after the return',
      20_000,
    );
    const entries = logEntries(frame.contentDocument!);
    expect(entries).to.have.length(1);
    expect(entries[0]!.textContent).to.contain('"status":"success"');
    expect(frame.contentWindow!.location.search).not.to.contain('status_code');
  });
});
