import { expect } from '@open-wc/testing';
import * as sinon from 'sinon';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { recordEvents } from '../support/results.js';
import { E2EHarness } from '../support/harness.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** Containers of parsed markup, removed after each test. */
const parsed: HTMLElement[] = [];

/** Server-rendered markup, parsed as a browser parses it: the elements upgrade with their attributes. */
function parse(markup: string): BwellConnectElement {
  const container = document.createElement('section');
  container.innerHTML = markup;
  document.body.append(container);
  parsed.push(container);
  return container.querySelector('bwell-connect')!;
}

describe('<bwell-connect> under server rendering: attributes a renderer makes of property bindings', () => {
  let warn: sinon.SinonStub;
  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(() => {
    warn.restore();
    for (const container of parsed.splice(0)) container.remove();
  });

  const warnings = () => warn.args.map((args) => String(args[0]));

  it('an accesstoken attribute found on upgrade is removed at once, never used, and named in one warning', async () => {
    const el = parse('<bwell-connect connection-id="proa_demo" accesstoken="server-secret-123"></bwell-connect>');
    expect(el.hasAttribute('accesstoken'), 'removed on upgrade').to.equal(false);
    expect(el.accessToken, 'not taken as the token').to.equal(undefined);
    await el.updateComplete;
    expect(el.outerHTML).not.to.include('server-secret-123');
    expect(warnings()).to.deep.equal([
      '<bwell-connect>: the accesstoken attribute is ignored; use the accessToken property, set in client-side code (the token must not be in the HTML).',
    ]);
  });

  it('an accesstoken attribute set later is removed at once, with a warning that never quotes it', async () => {
    const el = await page.mount({ auto: 'success' });
    el.setAttribute('accesstoken', 'late-secret-456');
    expect(el.hasAttribute('accesstoken')).to.equal(false);
    expect(warnings()).to.have.length(1);
    expect(warnings().join(' ')).not.to.include('late-secret-456');
  });

  it('the token set as a property still works after the attribute was refused', async () => {
    const { el, recorder } = await page.start({ auto: 'success' });
    el.setAttribute('accesstoken', 'ignored');
    const event = await recorder.next();
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
  });

  it('lower-cased property names (connectionid, trustedorigins, …) get a warning naming the attribute to use', () => {
    const el = parse(
      '<bwell-connect connectionid="proa_demo" trustedorigins="https://a.example" pollinterval="100"></bwell-connect>',
    );
    expect(el.connectionId, 'not taken as connection-id').to.equal('');
    expect(warnings()).to.deep.equal([
      '<bwell-connect>: the connectionid attribute is ignored; use connection-id.',
      '<bwell-connect>: the trustedorigins attribute is ignored; use trusted-origins.',
      '<bwell-connect>: the pollinterval attribute is ignored; use poll-interval.',
    ]);
  });

  it('the kebab-case attributes a server renders are taken on upgrade, without a warning or an event', async () => {
    const el = parse('<bwell-connect connection-id="proa_demo" poll-interval="250"></bwell-connect>');
    const recorder = recordEvents(el);
    await el.updateComplete;
    expect(el.connectionId).to.equal('proa_demo');
    expect(el.pollInterval).to.equal(250);
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(false);
    expect(warnings()).to.deep.equal([]);
    expect(recorder.events).to.have.length(0);
  });
});
