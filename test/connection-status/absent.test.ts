// The element without bwell-connect/status (this page imports the main entry only): show-status warns once,
// naming what to import, and reads nothing; the capability's members are absent.
import { expect } from '@open-wc/testing';
import * as sinon from 'sinon';
import '../../src/define.js';

describe('show-status without bwell-connect/status', () => {
  afterEach(() => sinon.restore());

  it('warns once per element, naming the entry to import, and reads nothing', async () => {
    const warn = sinon.stub(console, 'warn');
    const fetch = sinon.spy(window, 'fetch');
    const el = document.createElement('bwell-connect');
    el.setAttribute('show-status', '');
    el.connectionId = 'epic_on_fhir_sandbox';
    el.accessToken = 'absent-token';
    document.body.append(el);
    await el.updateComplete;
    el.connectionId = 'proa_demo';
    await el.updateComplete;
    expect(warn.args.map((args) => String(args[0]))).to.deep.equal([
      '<bwell-connect>: show-status needs bwell-connect/status; import it.',
    ]);
    expect(fetch.callCount).to.equal(0);
    expect(el.hasAttribute('connection-status')).to.equal(false);
    expect(el.connectionStatus).to.equal(undefined);
    expect('refreshStatus' in el).to.equal(false);
    expect(el.shadowRoot?.querySelector('button')?.disabled).to.equal(false);
    el.remove();
  });

  it('an element without show-status says nothing', async () => {
    const warn = sinon.stub(console, 'warn');
    const el = document.createElement('bwell-connect');
    el.connectionId = 'proa_demo';
    el.setAttribute('completion', 'server');
    document.body.append(el);
    await el.updateComplete;
    expect(warn.callCount).to.equal(0);
    el.remove();
  });
});
