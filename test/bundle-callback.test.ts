// The callback helper's classic-script bundle (`npm run build` first; `npm test` does it) on an integrator's
// redirect page, reporting to an element on the page that opened the popup.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import * as sinon from 'sinon';
import '../src/define.js';
import { clickToStart, expectNoSecondEvent, mount, nextResult } from './support/e2e.js';

const BUNDLE = '/dist/bwell-connect-callback.min.js';

describe(`the callback helper's classic bundle ${BUNDLE}`, () => {
  it('is small and self-contained: no element, no Lit, no graphql-request, no import', async () => {
    const source = String(await readFile({ path: `..${BUNDLE}` }));
    expect(source.length, 'bytes, unzipped').to.be.below(1500);
    expect(source).to.include('BwellConnectCallback');
    for (const absent of ['customElements', 'lit', 'GraphQLClient']) expect(source).not.to.include(absent);
    expect(source, 'a static or dynamic import').not.to.match(/\bimport\s*[{*"'(]|\}\s*from\s*["']/);
  });

  it('reports the exact code over its channel from a COOP-cut popup: one connection-failure, expired', async () => {
    const el = await mount({ coop: '1', auto: 'expired', redirect: 'custom', returnPath: '/test/fixtures/callback-classic.html' });
    // Headless Chromium reports focus on every page; a person's focus would be in the popup meanwhile.
    const hasFocus = sinon.stub(document, 'hasFocus').returns(false);
    try {
      const recorder = await clickToStart(el);
      expect(await nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
      await expectNoSecondEvent(recorder.events);
    } finally {
      hasFocus.restore();
    }
  });
});
