// The built classic-script bundle (`npm run build` first; `npm test` does it), loaded as a page would with a
// plain <script src>, completing real flows against the local emulator. Nothing from src/ is imported here
// but types.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import { expectProductionBuild, itCompletesTheFlows, loadClassicScript } from '../support/bundle-flows.js';
import { E2EHarness } from '../support/harness.js';

const BUNDLE = '/dist/bwell-connect.min.js';

describe(`the classic-script bundle ${BUNDLE}`, () => {
  const page = new E2EHarness();
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  before(async () => {
    expect(customElements.get('bwell-connect'), 'defined before the bundle loaded').to.equal(undefined);
    const script = await loadClassicScript(BUNDLE);
    expect(script.type, 'a classic script').to.equal('');
  });

  it('defines <bwell-connect> on load and exposes its exports as the BwellConnect global', () => {
    const global = (window as unknown as { BwellConnect?: Record<string, unknown> }).BwellConnect;
    expect(customElements.get('bwell-connect')).to.be.a('function');
    expect(customElements.get('bwell-connect')).to.equal(global?.['BwellConnectElement']);
    expect(global?.['ConnectionStatus']).to.include({ Success: 'success', Expired: 'expired' });
  });

  it('is the production build, without graphql', async () => {
    // Read from disk: the test server re-prints the .js files it serves.
    const source = await readFile({ path: `../..${BUNDLE}` });
    expectProductionBuild(source);
  });

  itCompletesTheFlows(page);
});
