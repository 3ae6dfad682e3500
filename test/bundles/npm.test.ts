// The npm build (`npm run build` first; `npm test` does it) as an app's bundler takes it: dist/index.js with
// Lit and @lit/task as bare imports and graphql-request from its parser-free copy in dist/vendor/,
// completing real flows against the local emulator. Nothing from src/ is imported here but types.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import { expectProductionBuild, itCompletesTheFlows } from '../support/bundle-flows.js';
import { E2EHarness } from '../support/harness.js';

const ENTRY = '/dist/index.js';
const VENDORED = '/dist/vendor/graphql-request.js';

describe(`the npm build ${ENTRY}`, () => {
  const page = new E2EHarness();
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  before(async () => {
    expect(customElements.get('bwell-connect'), 'defined before the build loaded').to.equal(undefined);
    await import(ENTRY);
  });

  it('defines <bwell-connect> on import and exports its class', async () => {
    const entry = (await import(ENTRY)) as Record<string, unknown>;
    expect(customElements.get('bwell-connect')).to.equal(entry['BwellConnectElement']);
  });

  it('imports graphql-request from its parser-free copy, which imports nothing', async () => {
    // Read from disk: the test server rewrites the imports of the files it serves.
    const api = await readFile({ path: '../../dist/bwell-api.js' });
    expect(api).to.include("from './vendor/graphql-request.js'");
    expect(api).not.to.match(/from ['"]graphql(-request)?['"]/);
    const vendored = await readFile({ path: `../..${VENDORED}` });
    expectProductionBuild(vendored, { standalone: true });
  });

  itCompletesTheFlows(page);
});
