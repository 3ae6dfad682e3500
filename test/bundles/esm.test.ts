// The built ES module bundle (`npm run build` first; `npm test` does it), loaded as a page would from a CDN
// with <script type="module" src>, completing real flows against the local emulator. Nothing from src/ is
// imported here but types.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import { expectProductionBuild, itCompletesTheFlows } from '../support/bundle-flows.js';
import { E2EHarness } from '../support/harness.js';

const BUNDLE = '/dist/bwell-connect.bundle.js';

function loadModuleScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load; run \`npm run build\` first.`));
    document.head.append(script);
  });
}

describe(`the ES module bundle ${BUNDLE}`, () => {
  const page = new E2EHarness();
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  before(async () => {
    expect(customElements.get('bwell-connect'), 'defined before the bundle loaded').to.equal(undefined);
    await loadModuleScript(BUNDLE);
  });

  it('defines <bwell-connect> on load and exports its class', async () => {
    // The same URL is the same module instance: this reads the exports of the one the script tag ran.
    const bundle = (await import(BUNDLE)) as Record<string, unknown>;
    expect(customElements.get('bwell-connect')).to.be.a('function');
    expect(customElements.get('bwell-connect')).to.equal(bundle['BwellConnectElement']);
    expect(bundle['ConnectionStatus']).to.include({ Success: 'success', Expired: 'expired' });
  });

  it('is the production build, without graphql, and imports nothing', async () => {
    // Read from disk: the test server re-prints the .js files it serves.
    const source = await readFile({ path: `../..${BUNDLE}` });
    expectProductionBuild(source, { standalone: true });
  });

  itCompletesTheFlows(page);
});
