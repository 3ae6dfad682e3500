import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { BwellConnectElement } from '../src/bwell-connect-element.js';
import { endpointWith, mount, realClick, recordEvents, requestCount, settleTime } from './support/e2e.js';

describe('<bwell-connect> against the local b.well emulator (real popups, popup blocker on)', () => {
  it('completes through b.well’s completion page posting back across origins', async () => {
    const el = await mount({ auto: 'success' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    expect(el.getAttribute('state')).to.equal('working');
    const event = await next();
    expect(event.type).to.equal('connection-success');
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(event.bubbles && event.composed).to.equal(true);
    await settleTime(800);
    expect(events).to.have.length(1);
    expect(el.getAttribute('state')).to.equal('succeeded');
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('reports a failure posted by the completion page as error', async () => {
    const el = await mount({ auto: 'cancelled' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.type).to.equal('connection-failure');
    expect(event.detail).to.deep.include({ connectionId: el.connectionId, status: 'error' });
    expect(events).to.have.length(1);
    expect(el.getAttribute('state')).to.equal('failed');
  });

  for (const code of ['success', 'cancelled', 'expired', 'unauthorized', 'error'] as const) {
    it(`reads status_code=${code} from the custom redirect page by polling`, async () => {
      const el = await mount({ auto: code, redirect: 'custom' });
      const { events, next } = recordEvents(el);
      await realClick(el);
      const event = await next();
      expect(event.type).to.equal(code === 'success' ? 'connection-success' : 'connection-failure');
      expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: code });
      expect(events).to.have.length(1);
    });
  }

  it('ends as window_closed when the popup closes without a result', async () => {
    const el = await mount({ auto: 'close' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.detail).to.deep.include({ status: 'window_closed' });
    expect(events).to.have.length(1);
  });

  it('ends as timeout and closes the popup', async () => {
    const el = await mount({ auto: 'stay' });
    el.timeout = 1500;
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'timeout', message: 'No result within 1500 ms.' });
    expect(events).to.have.length(1);
  });

  it('ignores a status-success posted by the provider’s untrusted origin', async () => {
    const el = await mount({ auto: 'spoof' });
    el.timeout = 2500;
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.detail.status).to.equal('timeout');
    expect(events).to.have.length(1);
  });

  it('ends as popup_blocked when connect() runs without a user gesture', async () => {
    const el = await mount({ auto: 'success' });
    const { events } = recordEvents(el);
    const result = await el.connect();
    expect(result).to.deep.include({ connectionId: el.connectionId, status: 'popup_blocked' });
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.equal(result);
    expect(await requestCount(el.connectionId)).to.equal(0);
  });

  it('reports request_failed with b.well’s message for a GraphQL error', async () => {
    const el = await mount({ fault: 'graphql_error' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    expect(event.detail.status).to.equal('request_failed');
    expect(event.detail.message).to.match(/^b\.well returned an error \(code 500\): .+/);
    expect(events).to.have.length(1);
  });

  it('treats a second click during an attempt as focus: no second window, no second request', async () => {
    const el = await mount({ auto: 'success', autoDelay: '1500' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    await realClick(el);
    await next();
    await settleTime(800);
    expect(events).to.have.length(1);
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('requests a fresh URL for a retry after a failure', async () => {
    const el = await mount({ auto: 'close' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    expect((await next()).detail.status).to.equal('window_closed');
    el.endpoint = await endpointWith({ auto: 'success' });
    await el.updateComplete;
    await realClick(el);
    expect((await next()).detail.status).to.equal('success');
    expect(events).to.have.length(2);
    expect(await requestCount(el.connectionId)).to.equal(2);
  });

  it('cancel() ends the attempt as aborted', async () => {
    const el = await mount({ auto: 'stay' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    el.cancel();
    const event = await next();
    expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'aborted', message: 'cancel() was called.' });
    await settleTime(500);
    expect(events).to.have.length(1);
  });

  it('ends as aborted when removed from the document mid-attempt', async () => {
    const el = await mount({ auto: 'stay' });
    const { events, next } = recordEvents(el);
    await realClick(el);
    el.remove();
    const event = await next();
    expect(event.detail.status).to.equal('aborted');
    await settleTime(500);
    expect(events).to.have.length(1);
  });

  it('keeps two elements on one page apart', async () => {
    const a = await mount({ auto: 'success', autoDelay: '600' });
    const b = await mount({ auto: 'cancelled', redirect: 'custom', autoDelay: '300' });
    const eventsA = recordEvents(a);
    const eventsB = recordEvents(b);
    await realClick(a);
    await realClick(b);
    expect((await eventsA.next()).detail).to.deep.equal({ connectionId: a.connectionId, status: 'success' });
    expect((await eventsB.next()).detail).to.deep.equal({ connectionId: b.connectionId, status: 'cancelled' });
    await settleTime(800);
    expect(eventsA.events).to.have.length(1);
    expect(eventsB.events).to.have.length(1);
  });

  it('treats an endpoint a framework set to undefined as the default endpoint, not a relative URL', async () => {
    const el = await mount({});
    el.endpoint = undefined as unknown as string;
    const { next } = recordEvents(el);
    await realClick(el);
    const event = await next();
    // No internet here: the request to b.well's client-sandbox fails, which shows where it went.
    expect(event.detail).to.deep.equal({
      connectionId: el.connectionId,
      status: 'request_failed',
      message: 'Network error: could not reach https://api.client-sandbox.icanbwell.com.',
    });
  });

  it('reads trusted-origins separated by spaces or commas', async () => {
    const el = await fixture<BwellConnectElement>(html`
      <bwell-connect trusted-origins="https://a.example, https://b.example  https://c.example"></bwell-connect>
    `);
    expect(el.trustedOrigins).to.deep.equal(['https://a.example', 'https://b.example', 'https://c.example']);
  });

  it('disables the button without a connection id and requests nothing', async () => {
    const el = await mount({}, { connectionId: '' });
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.disabled).to.equal(true);
    await waitUntil(() => el.getAttribute('state') === 'idle');
  });
});
