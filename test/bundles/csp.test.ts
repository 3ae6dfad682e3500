// The built ES module bundle on a page with a strict Content-Security-Policy and Trusted Types, as the README's
// "Content Security Policy" section says: it renders when `trusted-types` allows Lit's policy, `lit-html`, and
// (in a browser that enforces Trusted Types) fails to load without it.
import { expect } from '@open-wc/testing';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';
import { openFrame } from '../support/windows.js';

/** The fixture, loaded under a CSP whose `trusted-types` allows `policies`. */
async function openPage(policies: string): Promise<Window> {
  return (await openFrame(`/test/fixtures/csp.html?tt=${encodeURIComponent(policies)}`)).contentWindow!;
}

describe('a strict CSP with Trusted Types', () => {
  const page = new E2EHarness();
  beforeEach(() => page.setUp());
  afterEach(() => page.tearDown());

  it("renders the element when trusted-types allows 'lit-html'", async () => {
    const page = await openPage('lit-html');
    const el = page.document.querySelector('bwell-connect')!;
    await waitFor(() => el.shadowRoot?.querySelector('button'), 'the element did not render under the CSP');
    expect(el.shadowRoot!.querySelector('button')!.disabled, 'enabled: it has a connection id').to.equal(false);
    expect(el.shadowRoot!.querySelector('[part=status]')!.getAttribute('role')).to.equal('status');
  });

  it('does not load without it, where the browser enforces Trusted Types', async () => {
    const page = await openPage('someone-else');
    const enforced = 'trustedTypes' in page;
    expect(page.customElements.get('bwell-connect') === undefined, `Trusted Types enforced: ${enforced}`).to.equal(
      enforced,
    );
  });
});
