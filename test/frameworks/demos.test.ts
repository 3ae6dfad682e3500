// The framework demo pages (demo/plain.html, vue.html, angular.html, react.html), each in an iframe of the test
// page, clicked through to one logged success against the emulator. The pages are served by the test runner
// (its config and plugins, not web-dev-server.config.mjs), so this does not test them as `npm start` serves
// them: test/node/demo-dev-server.test.mjs does, with the real dev server, in Chromium. The pages pass their
// URL's flags to the emulator, so `?auto=success` needs no click in the popup.
import { expect } from '@open-wc/testing';
import { clickWhenEnabled } from '../support/e2e.js';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';
import { openFrame } from '../support/windows.js';

async function openDemo(page: string): Promise<Document> {
  return (await openFrame(`/demo/${page}?auto=success`, 'width: 900px; height: 600px; border: 0')).contentDocument!;
}

describe('the framework demo pages', () => {
  const page = new E2EHarness();
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  for (const page of ['plain.html', 'vue.html', 'angular.html', 'react.html']) {
    it(`${page} logs one connection-success`, async () => {
      const demo = await openDemo(page);
      expect(demo.getElementById('status')?.textContent ?? '').to.equal('');
      await waitFor(() => demo.querySelector('bwell-connect'), 'the page rendered no <bwell-connect>', 10_000);
      await clickWhenEnabled(demo.querySelector('bwell-connect')!).catch((error: unknown) => {
        throw new Error(`${String(error)}; the page says: ${demo.getElementById('status')?.textContent}`);
      });
      await waitFor(() => demo.querySelectorAll('#log li').length > 0, 'nothing logged');
      // The page logs within the event's dispatch: a second entry for the same event would be here already.
      const entries = [...demo.querySelectorAll<HTMLLIElement>('#log li')];
      expect(entries).to.have.length(1);
      expect(entries[0]!.dataset['type']).to.equal('connection-success');
      expect(entries[0]!.textContent).to.include('"connectionId":"proa_demo","status":"success"');
    });
  }
});
