// The built classic-script bundle (`npm run build` first; `npm test` does it), loaded as a page would with a
// plain <script src>, completing real flows against the local emulator. Nothing from src/ is imported here
// but types.
import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type { BwellConnectElement } from '../src/bwell-connect-element.js';
import { emulator, endpointWith, realClick, recordEvents, settleTime, uniqueId } from './support/e2e.js';

const BUNDLE = '/dist/bwell-connect.min.js';

function loadClassicScript(src: string): Promise<HTMLScriptElement> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(script);
    script.onerror = () => reject(new Error(`${src} did not load; run \`npm run build\` first.`));
    document.head.append(script);
  });
}

async function mount(flags: Record<string, string>): Promise<BwellConnectElement> {
  const { completionOrigin } = await emulator();
  const el = document.createElement('bwell-connect') as BwellConnectElement;
  el.setAttribute('connection-id', uniqueId());
  el.setAttribute('endpoint', await endpointWith(flags));
  el.setAttribute('trusted-origins', completionOrigin);
  el.accessToken = 'test-token';
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe(`the classic-script bundle ${BUNDLE}`, () => {
  before(async () => {
    expect(customElements.get('bwell-connect'), 'defined before the bundle loaded').to.equal(undefined);
    const script = await loadClassicScript(BUNDLE);
    expect(script.type, 'a classic script').to.equal('');
  });

  afterEach(() => {
    for (const el of document.querySelectorAll('bwell-connect')) el.remove();
  });

  it('defines <bwell-connect> on load and exposes its exports as the BwellConnect global', () => {
    const global = (window as unknown as { BwellConnect?: Record<string, unknown> }).BwellConnect;
    expect(customElements.get('bwell-connect')).to.be.a('function');
    expect(customElements.get('bwell-connect')).to.equal(global?.['BwellConnectElement']);
    expect(global?.['ConnectionStatus']).to.include({ Success: 'success', Expired: 'expired' });
  });

  it('is the production build, without graphql', async () => {
    // Read from disk: the test server re-prints the .js files it serves.
    const source = await readFile({ path: `..${BUNDLE}` });
    expect(source, 'the built file').to.be.a('string');
    expect(source).not.to.include('Lit is in dev mode');
    expect(source).not.to.include('Syntax Error');
    expect(source).to.include("bwell-connect: graphql's");
  });

  it('completes a flow: exactly one connection-success', async () => {
    const el = await mount({ auto: 'success' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.type).to.equal('connection-success');
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    await settleTime(800);
    expect(events).to.have.length(1);
  });

  it('reports the completion page’s status-failure: exactly one connection-failure, status error', async () => {
    const el = await mount({ auto: 'cancelled' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.type).to.equal('connection-failure');
    expect(event.detail).to.deep.include({ connectionId: el.connectionId, status: 'error' });
    await settleTime(800);
    expect(events).to.have.length(1);
  });

  it('reads status_code=expired from the custom redirect page by polling', async () => {
    const el = await mount({ redirect: 'custom', auto: 'expired' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.type).to.equal('connection-failure');
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
    await settleTime(800);
    expect(events).to.have.length(1);
  });
});
