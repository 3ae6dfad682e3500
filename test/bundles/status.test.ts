// The built status script (`npm run build` first; `npm test` does it), loaded as a page would with a plain
// <script src> in place of bwell-connect.min.js: it defines the element with show-status working; and loaded
// after bwell-connect.min.js (a page that has both), it still installs on the element that one defined.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { expectProductionBuild, itCompletesTheFlows, loadClassicScript } from '../support/bundle-flows.js';
import { TOKEN, endpointWith } from '../support/emulator.js';
import { waitFor } from '../support/wait-for.js';
import { openFrame } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';

const BUNDLE = '/dist/bwell-connect-status.min.js';

describe(`the status script ${BUNDLE}`, () => {
  const page = new E2EHarness({ shared: ['focus', 'visibilitychange'] });
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  before(async () => {
    expect(customElements.get('bwell-connect'), 'defined before the bundle loaded').to.equal(undefined);
    const script = await loadClassicScript(BUNDLE);
    expect(script.type, 'a classic script').to.equal('');
  });

  it('defines <bwell-connect> with the capability; the BwellConnect global has its exports', () => {
    const global = (window as unknown as { BwellConnect?: Record<string, unknown> }).BwellConnect;
    expect(customElements.get('bwell-connect')).to.equal(global?.['BwellConnectElement']);
    expect(global?.['MemberConnectionStatus']).to.include({ Connected: 'connected', AccessEnded: 'access_ended' });
    expect(global?.['DEFAULT_STATUS_STRINGS']).to.include({ reconnect: 'Reconnect' });
  });

  it('is the production build, without graphql, and imports nothing', async () => {
    expectProductionBuild(await readFile({ path: `../..${BUNDLE}` }), { standalone: true });
  });

  it('reads the status of an element with show-status', async () => {
    const el = document.createElement('bwell-connect');
    el.connectionId = 'epic_on_fhir_sandbox';
    el.endpoint = await endpointWith();
    el.accessToken = TOKEN;
    el.showStatus = true;
    document.body.append(el);
    await waitFor(() => el.getAttribute('connection-status') === 'connected', 'never read connected');
    expect(el.getAttribute('sync-status')).to.equal('retrieved');
    el.remove();
  });

  it('loaded after bwell-connect.min.js, it installs on the element that script defined', async () => {
    const endpoint = await endpointWith();
    const frame = await openFrame('about:blank');
    const doc = frame.contentDocument!;
    const load = (src: string) =>
      new Promise((resolve, reject) => {
        const script = doc.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        doc.head.append(script);
      });
    doc.body.innerHTML = '<bwell-connect connection-id="expired_demo" show-status></bwell-connect>';
    await load('/dist/bwell-connect.min.js');
    await load(BUNDLE);
    const el = doc.querySelector('bwell-connect') as BwellConnectElement;
    el.endpoint = endpoint;
    el.accessToken = TOKEN;
    await waitFor(() => el.getAttribute('connection-status') === 'expired', 'the status script did not install');
  });

  itCompletesTheFlows(page);
});
