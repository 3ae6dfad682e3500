import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { BwellConnectElement } from '../src/bwell-connect-element.js';
import type { ConnectionResult } from '../src/status.js';
import { emulator, endpointWith, realClick, recordEvents, requestCount, settleTime, uniqueId } from './support/e2e.js';

async function mount(flags: Record<string, string>, timeout = 20_000): Promise<BwellConnectElement> {
  const { completionOrigin } = await emulator();
  const el = await fixture<BwellConnectElement>(html`
    <bwell-connect
      connection-id=${uniqueId()}
      endpoint=${await endpointWith(flags)}
      trusted-origins=${completionOrigin}
      timeout=${timeout}
    ></bwell-connect>
  `);
  el.accessToken = 'test-token';
  return el;
}

/** Makes `document.hasFocus()` answer `focused` until restored. */
function stubFocus(focused: boolean): { restore(): void } {
  const original = Object.getOwnPropertyDescriptor(document, 'hasFocus');
  document.hasFocus = () => focused;
  return {
    restore: () => {
      if (original) Object.defineProperty(document, 'hasFocus', original);
      else delete (document as { hasFocus?: unknown }).hasFocus;
    },
  };
}

/** Counts the windows the page opens, passing each call through to the real `window.open`. */
function countOpens(): { count(): number; restore(): void } {
  const open = window.open;
  let calls = 0;
  window.open = (...args: Parameters<typeof window.open>) => ((calls += 1), open.apply(window, args));
  return { count: () => calls, restore: () => (window.open = open) };
}

describe('completion paths: COOP, the callback helper, redirect mode, the native seam', () => {
  describe('popup mode under Cross-Origin-Opener-Policy', () => {
    it('(a) COOP provider → b.well completion page: success from the server check, never window_closed', async () => {
      // The completion page cannot post back (COOP cut the opener), and the provider finishes late, so the
      // first server reading must not be taken for a failure.
      const el = await mount({ coop: '1', auto: 'success', autoDelay: '2500' });
      const { events, next } = recordEvents(el);
      // Headless Chromium reports focus on every page; a person's focus would be in the popup meanwhile.
      const hasFocus = stubFocus(false);
      try {
        await realClick(el);
        const event = await next(20_000);
        expect(event.detail).to.deep.include({ connectionId: el.connectionId, status: 'success' });
        await settleTime(1000);
        expect(events).to.have.length(1);
      } finally {
        hasFocus.restore();
      }
    });

    it('(b) COOP provider → the integrator’s callback page with the helper: the exact code over the channel', async () => {
      const el = await mount({ coop: '1', auto: 'expired', redirect: 'custom', returnPath: '/demo/callback-helper.html' });
      const { events, next } = recordEvents(el);
      const hasFocus = stubFocus(false); // as in (a): the person is in the popup
      try {
        await realClick(el);
        const event = await next();
        expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
        await settleTime(1000);
        expect(events).to.have.length(1);
      } finally {
        hasFocus.restore();
      }
    });

    it('(b) without COOP, the callback helper reports to its opener', async () => {
      const el = await mount({ auto: 'success', redirect: 'custom', returnPath: '/demo/callback-helper.html' });
      const { events, next } = recordEvents(el);
      await realClick(el);
      expect((await next()).detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
      await settleTime(1000);
      expect(events).to.have.length(1);
    });

    it('(c) COOP provider closed without finishing: one failure, never a success', async () => {
      const el = await mount({ coop: '1', auto: 'close' }, 8000);
      const { events, next } = recordEvents(el);
      const hasFocus = stubFocus(false);
      try {
        await realClick(el);
        await settleTime(3000);
        expect(events, 'no verdict while the page lacks focus and the server shows nothing').to.have.length(0);
        hasFocus.restore(); // the user is back on the page
        const event = await next(12_000);
        expect(event.detail).to.deep.include({ connectionId: el.connectionId, status: 'window_closed' });
        await settleTime(1000);
        expect(events).to.have.length(1);
      } finally {
        hasFocus.restore();
      }
    });

    it('(d) no COOP, the popup closed: window_closed', async () => {
      const el = await mount({ auto: 'close' });
      const { events, next } = recordEvents(el);
      await realClick(el);
      expect((await next()).detail).to.deep.equal({
        connectionId: el.connectionId,
        status: 'window_closed',
        message: 'The popup was closed, or cut off by Cross-Origin-Opener-Policy, before the connection finished.',
      });
      expect(events).to.have.length(1);
    });
  });

  describe('redirect and auto modes (a host page in an iframe)', () => {
    let frame: HTMLIFrameElement;

    afterEach(() => frame?.remove());

    async function load(search: string): Promise<Window & { bwellEvents?: ConnectionResult[] }> {
      frame?.remove();
      frame = document.createElement('iframe');
      frame.style.cssText = 'width: 400px; height: 200px; border: 0';
      document.body.append(frame);
      frame.src = `/test/fixtures/redirect-page.html?${search}`;
      await waitUntil(() => readEvents() !== undefined && frame.contentDocument?.querySelector('bwell-connect')?.shadowRoot, 'the host page did not load', { timeout: 10_000 });
      return frame.contentWindow as Window & { bwellEvents?: ConnectionResult[] };
    }

    async function clickInFrame(): Promise<void> {
      const button = frame.contentDocument!.querySelector('bwell-connect')!.shadowRoot!.querySelector('button')!;
      await waitUntil(() => !button.disabled, 'the button stayed disabled');
      const inner = button.getBoundingClientRect();
      const outer = frame.getBoundingClientRect();
      const proxy = { getBoundingClientRect: () => new DOMRect(outer.x + inner.x, outer.y + inner.y, inner.width, inner.height), scrollIntoView() {} };
      await realClick(proxy as unknown as Element);
    }

    /** Waits until the iframe is back on the host page after the provider, and its element has reported. */
    async function resultAfterReturn(): Promise<ConnectionResult[]> {
      await waitUntil(() => readEvents()?.length, 'no event after the return', { timeout: 15_000 });
      await settleTime(800);
      return readEvents()!;
    }

    /** The iframe page's recorded events; undefined while it shows the provider's origin. */
    function readEvents(): ConnectionResult[] | undefined {
      try {
        return (frame.contentWindow as unknown as { bwellEvents?: ConnectionResult[] }).bwellEvents;
      } catch {
        return undefined;
      }
    }

    it('leaves for the provider, comes back, reports once, and cleans only status_code from the URL', async () => {
      const id = uniqueId();
      await load(`id=${id}&auto=success&mode=redirect&keep=x%2Fy`);
      await clickInFrame();
      const events = await resultAfterReturn();
      expect(events).to.deep.equal([{ connectionId: id, status: 'success' }]);
      const url = new URL(frame.contentWindow!.location.href);
      expect(url.searchParams.has('status_code')).to.equal(false);
      expect(url.search).to.equal(`?id=${id}&auto=success&mode=redirect&keep=x%2Fy`);
      expect(await requestCount(id)).to.equal(1);
    });

    it('does not replay a result from a bookmarked URL (no pending attempt)', async () => {
      const id = uniqueId();
      const win = await load(`id=${id}&mode=redirect&status_code=success`);
      await settleTime(1000);
      expect(win.bwellEvents).to.deep.equal([]);
    });

    it('auto mode falls back to the redirect when the popup is blocked', async () => {
      const id = uniqueId();
      const win = await load(`id=${id}&auto=cancelled&mode=auto`);
      const el = win.document.querySelector('bwell-connect') as BwellConnectElement;
      await waitUntil(() => el.connectionId === id);
      void el.connect(); // no user gesture: the popup is blocked
      const events = await resultAfterReturn();
      expect(events).to.deep.equal([{ connectionId: id, status: 'cancelled' }]);
    });
  });

  describe('the native seam (openUrl + complete)', () => {
    it('hands the OAuth URL to the app instead of a popup, and ends with the code it reports', async () => {
      const el = await mount({});
      const { providerOrigin } = await emulator();
      const opened: string[] = [];
      el.openUrl = (url) => opened.push(url);
      const opens = countOpens();
      const { events, next } = recordEvents(el);
      try {
        await realClick(el);
        await waitUntil(() => opened.length === 1, 'openUrl was not called');
        expect(new URL(opened[0]!).origin).to.equal(providerOrigin);
        expect(opens.count()).to.equal(0);
        expect(el.getAttribute('state')).to.equal('working');
        el.complete('success');
        expect((await next()).detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
        el.complete('error');
        await settleTime(300);
        expect(events).to.have.length(1);
      } finally {
        opens.restore();
      }
    });
  });
});
