// The callback helper's classic-script bundle (`npm run build` first; `npm test` does it) on an integrator's
// redirect page, reporting to an element on the page that opened the popup.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import '../../src/define.js';
import { expectCallbackOverChannel } from '../support/e2e.js';
import { E2EHarness } from '../support/harness.js';

const BUNDLE = '/dist/bwell-connect-callback.min.js';

describe(`the callback helper's classic bundle ${BUNDLE}`, () => {
  const page = new E2EHarness();
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  it('is small and self-contained: no element, no Lit, no graphql-request, no import', async () => {
    const source = String(await readFile({ path: `../..${BUNDLE}` }));
    expect(source.length, 'bytes, unzipped').to.be.below(1500);
    expect(source).to.include('BwellConnectCallback');
    for (const absent of ['customElements', 'lit', 'GraphQLClient']) expect(source).not.to.include(absent);
    expect(source, 'a static or dynamic import').not.to.match(/\bimport\s*[{*"'(]|\}\s*from\s*["']/);
  });

  it('reports the exact code over its channel from a COOP-cut popup: one connection-failure, expired', async () => {
    await expectCallbackOverChannel(page, '/test/fixtures/callback-classic.html');
  });
});
