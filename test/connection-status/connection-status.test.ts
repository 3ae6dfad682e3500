// bwell-connect/status against the emulator in a real browser: what a page observes (the connection-status and
// sync-status attributes, the connection-status event and its detail, the label and the status line,
// previousStatus, a late success, the records' import, completion="server", a hundred elements sharing requests).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/connection-status/index.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionStatusDetail } from '../../src/events.js';
import { engine } from '../support/e2e.js';
import { TOKEN, emulator, endpointWith, recordGraphqlRequests, uniqueId } from '../support/emulator.js';
import { recordEvents } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';
import { expectNowhere, spyConsole, visibleText } from '../support/leaks.js';

const page = new E2EHarness({ shared: ['focus', 'visibilitychange'] });
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** Sets one of the member's connections in the emulator (its test hook). */
async function seed(id: string, fields: Record<string, string> = {}): Promise<void> {
  const { apiOrigin } = await emulator();
  const query = new URLSearchParams({ id, ...fields });
  const response = await fetch(`${apiOrigin}/__emulator/connections?${query}`, { method: 'POST' });
  expect(response.status, 'the emulator took the connection').to.equal(200);
}

/** What the app's own browser tab does with the OAuth URL it was handed: the member allows at the provider. */
function allowAtProvider(url: string): void {
  const session = new URL(url).searchParams.get('session');
  void fetch(`${new URL(url).origin}/authorize/complete?session=${session}&code=success`, { mode: 'no-cors' });
}

/** Every connection-status event that reaches `target`, in order. */
function recordStatus(target: HTMLElement): ConnectionStatusDetail[] {
  const details: ConnectionStatusDetail[] = [];
  target.addEventListener('connection-status', (event) => {
    const { bubbles, composed, detail } = event;
    expect({ bubbles, composed }, 'the event bubbles out of shadow roots').to.deep.equal({
      bubbles: true,
      composed: true,
    });
    details.push(detail);
  });
  return details;
}

/** Mounts an element with show-status on the emulator (see `mount`). */
async function mountShowing(
  flags: Record<string, string> = {},
  connectionId = uniqueId(),
): Promise<BwellConnectElement> {
  const el = await page.mount(flags, { connectionId, accessToken: null });
  el.showStatus = true;
  el.accessToken = TOKEN;
  return el;
}

const shadow = (el: BwellConnectElement) => ({
  label: el.shadowRoot?.querySelector('slot')?.textContent?.trim(),
  line: el.shadowRoot?.querySelector('[part="status"]')?.textContent?.trim(),
  check: el.shadowRoot?.querySelector('.check') !== null,
});

describe('bwell-connect/status in the browser', () => {
  it('reads once on connect: epic_on_fhir_sandbox is connected, its records imported', async () => {
    const probe = document.createElement('div');
    document.body.append(probe);
    const details = recordStatus(probe);
    const el = await page.mount({}, { connectionId: 'epic_on_fhir_sandbox', accessToken: null });
    expect(el.hasAttribute('connection-status'), 'absent until known').to.equal(false);
    probe.append(el);
    el.showStatus = true;
    el.accessToken = TOKEN;
    await waitFor(() => details.length === 1, 'no connection-status event');
    expect(details[0]).to.deep.equal({
      connectionId: 'epic_on_fhir_sandbox',
      status: 'connected',
      statusUpdated: '2025-01-15T09:30:00.000Z',
      syncStatus: 'retrieved',
      lastSynced: '2025-01-15T09:45:00.000Z',
    });
    expect(el.connectionStatus).to.equal('connected');
    expect(el.getAttribute('connection-status')).to.equal('connected');
    expect(el.getAttribute('sync-status')).to.equal('retrieved');
    await el.updateComplete;
    const shown = shadow(el);
    expect(shown.label).to.equal('Connect');
    expect(shown.line).to.match(/^Records imported .*2025/);
    expect(shown.check, 'connected shows the check').to.equal(true);
    probe.remove();
  });

  it('expired: the label says Reconnect and the line says why; a slotted label stays the app’s', async () => {
    const id = uniqueId('expired_x');
    await seed(id);
    const el = await mountShowing({}, id);
    await waitFor(() => el.connectionStatus === 'expired', 'never read expired');
    await el.updateComplete;
    expect(shadow(el)).to.deep.equal({
      label: 'Reconnect',
      line: 'Access expired: reconnect to keep your records up to date.',
      check: false,
    });
    el.strings = { reconnect: 'Renew access', statuses: { expired: 'Expired.' } as never };
    await el.updateComplete;
    expect(shadow(el)).to.deep.include({ label: 'Renew access', line: 'Expired.' });
    const slotted = await fixture<BwellConnectElement>(
      html`<bwell-connect connection-id=${id} show-status>Example Health</bwell-connect>`,
    );
    slotted.endpoint = el.endpoint;
    slotted.accessToken = TOKEN;
    await waitFor(() => slotted.connectionStatus === 'expired', 'never read expired');
    const slot = slotted.shadowRoot?.querySelector('slot');
    expect(slot?.assignedNodes().map((node) => node.textContent)).to.deep.equal(['Example Health']);
  });

  it('none for an id the member has not; disconnected, access_ended, error and deleted as b.well says', async () => {
    const el = await mountShowing();
    await waitFor(() => el.getAttribute('connection-status') === 'none', 'never read none');
    expect(shadow(el)).to.deep.equal({ label: 'Connect', line: '', check: false });
    for (const status of ['DISCONNECTED', 'ACCESS_ENDED', 'ERROR', 'DELETED']) {
      const id = uniqueId('status');
      await seed(id, { status });
      const other = await mountShowing({}, id);
      await waitFor(() => other.connectionStatus === status.toLowerCase(), `never read ${status}`);
      await other.updateComplete;
      expect(shadow(other).label, status).to.equal(status === 'DELETED' ? 'Connect' : 'Reconnect');
    }
  });

  it('without show-status nothing is read; refreshStatus() reads once and resolves with the info', async () => {
    const requests = recordGraphqlRequests();
    try {
      const el = await page.mount({}, { connectionId: 'epic_on_fhir_sandbox' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(requests.bodies.filter((body) => body.includes('getMemberConnections'))).to.have.length(0);
      expect(el.hasAttribute('connection-status')).to.equal(false);
      const info = await el.refreshStatus();
      expect(info).to.deep.include({
        connectionId: 'epic_on_fhir_sandbox',
        status: 'connected',
        syncStatus: 'retrieved',
      });
      expect(el.getAttribute('connection-status')).to.equal('connected');
      expect(requests.bodies.filter((body) => body.includes('getMemberConnections'))).to.have.length(1);
    } finally {
      requests.restore();
    }
  });

  it('a reconnect: connection-success carries previousStatus expired; the records arrive pending → retrieved', async function () {
    this.timeout(60_000);
    const id = uniqueId('expired_x');
    await seed(id);
    const el = await mountShowing({ auto: 'success' }, id);
    await waitFor(() => el.connectionStatus === 'expired', 'never read expired');
    const syncs: string[] = [];
    const lines: string[] = [];
    el.addEventListener('connection-status', ({ detail }) => {
      syncs.push(detail.syncStatus ?? '');
      void el.updateComplete.then(() => lines.push(shadow(el).line ?? ''));
    });
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({
      connectionId: id,
      status: 'success',
      previousStatus: 'expired',
    });
    // The expired connection's last import was retrieved already: wait for the new one.
    expect(el.getAttribute('sync-status')).to.equal('retrieved');
    await waitFor(() => syncs.at(-1) === 'retrieved', 'the records never arrived', 40_000);
    expect(el.getAttribute('sync-status')).to.equal('retrieved');
    expect(syncs[0]).to.be.oneOf(['pending', 'retrieving']);
    expect(syncs.at(-1)).to.equal('retrieved');
    await el.updateComplete;
    expect(lines).to.include('Importing your records…');
    expect(shadow(el).line).to.match(/^Records imported /);
    expect(el.connectionStatus).to.equal('connected');
    expect(recorder.events, 'one terminal event').to.have.length(1);
  });

  it('a new connection: previousStatus none', async () => {
    const el = await mountShowing({ auto: 'success' });
    await waitFor(() => el.connectionStatus === 'none', 'never read none');
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.include({ status: 'success', previousStatus: 'none' });
  });

  // Chromium only: Firefox ESR here keeps the opener of a popup whose page sends COOP, so b.well's completion page
  // reports the success itself; the late success of an attempt that timed out is tested in every engine below.
  const chromiumOnly = engine === 'chromium' ? it : () => undefined;
  chromiumOnly(
    'a late success: COOP cuts the popup off, b.well records 4 s late; window_closed, then lateSuccess, one terminal event',
    async function () {
      this.timeout(60_000);
      const el = await mountShowing({ coop: '1', auto: 'success', lag: '4000' });
      await waitFor(() => el.connectionStatus === 'none', 'never read none');
      const details = recordStatus(el);
      const recorder = await page.click(el);
      const failure = await page.nextResult(recorder, 20_000);
      expect(failure.status).to.equal('window_closed');
      await waitFor(() => details.some((detail) => detail.lateSuccess), 'no late success', 30_000);
      const late = details.find((detail) => detail.lateSuccess);
      expect(late).to.deep.include({ connectionId: el.connectionId, status: 'connected', lateSuccess: true });
      expect(el.lastResult).to.deep.include({
        connectionId: el.connectionId,
        status: 'success',
        verified: true,
        attemptId: recorder.events[0]?.detail.attemptId,
        previousStatus: 'none',
      });
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('succeeded');
      await page.expectNoSecondEvent(recorder.events);
    },
  );

  it('a late success: the attempt timed out while the app’s browser allowed; b.well records it 4 s late', async function () {
    this.timeout(60_000);
    const el = await mountShowing({ lag: '4000' });
    await waitFor(() => el.connectionStatus === 'none', 'never read none');
    el.timeout = 1500;
    el.openUrl = (url) => allowAtProvider(url);
    const details = recordStatus(el);
    const recorder = await page.click(el);
    expect((await page.nextResult(recorder)).status).to.equal('timeout');
    await waitFor(() => details.some((detail) => detail.lateSuccess), 'no late success', 30_000);
    expect(el.lastResult).to.deep.include({ status: 'success', verified: true, previousStatus: 'none' });
    expect(el.getAttribute('connection-status')).to.equal('connected');
    await page.expectNoSecondEvent(recorder.events);
  });

  it('a failed read keeps the last value, warns once, and never disables the button', async () => {
    const el = await page.mount({}, { connectionId: 'epic_on_fhir_sandbox', accessToken: null });
    el.showStatus = true;
    el.accessToken = TOKEN;
    await waitFor(() => el.connectionStatus === 'connected', 'never read connected');
    const console = spyConsole();
    try {
      el.accessToken = 'invalid';
      await waitFor(() => console.lines.some((line) => line.includes('status could not be read')), 'no warning');
      expect(el.getAttribute('connection-status')).to.equal('connected');
      expect(el.shadowRoot?.querySelector('button')?.disabled).to.equal(false);
      await el.refreshStatus().catch(() => undefined);
      expect(console.lines.filter((line) => line.includes('status could not be read'))).to.have.length(1);
    } finally {
      console.restore();
    }
  });

  it('the token is read per request, and never shows in attributes, events or messages', async () => {
    const secret = 'status-secret-token-0123456789';
    let calls = 0;
    const requests = recordGraphqlRequests();
    const console = spyConsole();
    try {
      const el = await page.mount({}, { connectionId: 'epic_on_fhir_sandbox', accessToken: null });
      const details = recordStatus(el);
      el.accessToken = () => {
        calls += 1;
        return secret;
      };
      el.showStatus = true;
      await waitFor(() => details.length === 1, 'no status');
      await el.refreshStatus();
      const reads = requests.bodies.filter((body) => body.includes('getMemberConnections')).length;
      expect(calls, 'one call of the token function per request').to.equal(reads);
      const places = {
        ...visibleText(el, recordEvents(el)),
        status: JSON.stringify(details),
        console: console.lines.join('\n'),
      };
      expectNowhere([secret], places);
    } finally {
      requests.restore();
      console.restore();
    }
  });

  it('a hundred elements make a bounded number of requests', async () => {
    const requests = recordGraphqlRequests();
    const container = document.createElement('section');
    try {
      const endpoint = await endpointWith();
      for (let i = 0; i < 100; i++) {
        const el = document.createElement('bwell-connect');
        el.connectionId = i % 3 === 0 ? 'epic_on_fhir_sandbox' : i % 3 === 1 ? 'expired_demo' : `proa_list_${i}`;
        el.endpoint = endpoint;
        el.accessToken = TOKEN;
        el.showStatus = true;
        container.append(el);
      }
      document.body.append(container);
      const elements = [...container.querySelectorAll('bwell-connect')];
      await waitFor(
        () => elements.every((el) => el.hasAttribute('connection-status')),
        'not every element read its status',
      );
      const reads = requests.bodies.filter((body) => body.includes('getMemberConnections')).length;
      expect(reads, 'getMemberConnections requests for 100 elements').to.be.within(1, 2);
      expect(elements.map((el) => el.connectionStatus).slice(0, 3)).to.deep.equal(['connected', 'expired', 'none']);
    } finally {
      requests.restore();
      container.remove();
    }
  });

  it('a new connection-id forgets the old status and reads the new one', async () => {
    const el = await mountShowing({}, 'epic_on_fhir_sandbox');
    await waitFor(() => el.connectionStatus === 'connected', 'never read connected');
    const details = recordStatus(el);
    el.connectionId = 'expired_demo';
    await el.updateComplete;
    expect(el.hasAttribute('connection-status'), 'unknown while the new one is read').to.equal(false);
    await waitFor(() => el.connectionStatus === 'expired', 'never read the new id');
    expect(details.map((detail) => [detail.connectionId, detail.status])).to.deep.equal([['expired_demo', 'expired']]);
  });
});

describe('completion="server" with openUrl (the native seam)', () => {
  /** An element whose openUrl stands for the app's browser tab: it allows at the provider, or does nothing. */
  async function nativeElement(allow: boolean): Promise<BwellConnectElement> {
    const el = await page.mount();
    el.setAttribute('completion', 'server');
    el.openUrl = (url) => {
      if (allow) allowAtProvider(url);
    };
    return el;
  }

  it('b.well shows the connection made: one connection-success, verified, without complete()', async function () {
    this.timeout(30_000);
    const el = await nativeElement(true);
    const recorder = await page.click(el);
    await new Promise((resolve) => setTimeout(resolve, 500));
    window.dispatchEvent(new Event('focus')); // the app's tab closed; the page has the focus again
    expect(await page.nextResult(recorder, 10_000)).to.deep.equal({
      connectionId: el.connectionId,
      status: 'success',
      verified: true,
    });
    await page.expectNoSecondEvent(recorder.events);
  });

  it('complete(code) still works and the first answer wins', async () => {
    const el = await nativeElement(false);
    const recorder = await page.click(el);
    await waitFor(() => el.phase === 'leaving', 'the provider was never handed over');
    el.complete('cancelled');
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'cancelled' });
    window.dispatchEvent(new Event('focus'));
    await page.expectNoSecondEvent(recorder.events);
  });

  it('the timeout still applies', async () => {
    const el = await nativeElement(false);
    el.timeout = 1500;
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.include({ status: 'timeout' });
  });
});
