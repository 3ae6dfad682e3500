// Helpers shared by the hostile-input tests (test/hostile-*.test.ts): recording
// the popups the element opens, the page's messages and console, and running code inside a popup.
import { expect, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { BwellConnectElement } from '../src/bwell-connect-element.js';
import type { ConnectionResult } from '../src/status.js';
import { emulator, recordEvents, settleTime } from './support/e2e.js';

export type Recorder = ReturnType<typeof recordEvents>;

/**
 * Waits for the first connection event, then long enough for a second one to show, and checks there was
 * only one. Returns its detail.
 */
export async function onlyResult(recorder: Recorder, settle = 1000): Promise<ConnectionResult> {
  const event = await recorder.next();
  await settleTime(settle);
  expect(recorder.events.map((e) => e.detail), 'exactly one connection event').to.have.length(1);
  expect(event.type).to.equal(event.detail.status === 'success' ? 'connection-success' : 'connection-failure');
  return event.detail;
}

/** Wraps `window.open` (calling through to the real one) to keep every handle the element gets. */
export function recordPopups(): { calls: number; handles: Window[]; restore(): void } {
  const original = window.open;
  const record = {
    calls: 0,
    handles: [] as Window[],
    restore() {
      window.open = original;
      for (const popup of record.handles) if (!popup.closed) popup.close();
    },
  };
  window.open = function open(this: Window, ...args: Parameters<Window['open']>) {
    record.calls += 1;
    const popup = original.apply(this, args);
    if (popup) record.handles.push(popup);
    return popup;
  };
  return record;
}

/** The only popup opened so far. */
export function onlyPopup(popups: { calls: number; handles: Window[] }): Window {
  expect(popups.calls, 'window.open calls').to.equal(1);
  expect(popups.handles, 'popups opened').to.have.length(1);
  return popups.handles[0]!;
}

/** Whether a popup shows another origin (reading its location throws). */
export function isCrossOrigin(popup: Window): boolean {
  try {
    void popup.location.href;
    return false;
  } catch {
    return true;
  }
}

/** Waits until the popup has left about:blank for another origin (the provider page). */
export function waitForCrossOrigin(popup: Window): Promise<void> {
  return waitUntil(() => isCrossOrigin(popup), 'the popup never reached the provider', { timeout: 15_000, interval: 20 });
}

/**
 * Runs code in the popup's own realm (it must show the page's origin, e.g. about:blank), so that the
 * messages it posts have the popup as `source`, as a page in the popup would.
 */
export function runInPopup(popup: Window, code: string): void {
  const script = popup.document.createElement('script');
  script.textContent = code;
  popup.document.documentElement.append(script);
}

/**
 * A function made in the popup's realm that posts to the opener: the messages it sends have the popup as
 * `source` (and the page's origin), even after the popup is closed, as a message already in flight would.
 */
export function postFromPopup(popup: Window): (data: unknown) => void {
  runInPopup(popup, "window.__postToOpener = ((opener) => (data) => opener.postMessage(data, '*'))(window.opener);");
  return (popup as unknown as { __postToOpener: (data: unknown) => void }).__postToOpener;
}

/** Every message the page receives, seen by a listener registered before the element's. */
export function recordMessages(): { messages: MessageEvent[]; waitFor(count: number): Promise<void>; stop(): void } {
  const messages: MessageEvent[] = [];
  const listen = (event: MessageEvent) => messages.push(event);
  window.addEventListener('message', listen);
  return {
    messages,
    waitFor: (count) =>
      waitUntil(() => messages.length >= count, `expected ${count} messages, saw ${messages.length}`, { timeout: 15_000, interval: 20 }),
    stop: () => window.removeEventListener('message', listen),
  };
}

/** Everything written to the console and every uncaught error while it runs, as text. */
export function spyConsole(): { lines: string[]; restore(): void } {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((name) => console[name]);
  const lines: string[] = [];
  methods.forEach((name, i) => {
    console[name] = (...args: unknown[]) => {
      lines.push(`${name}: ${args.map(textOf).join(' ')}`);
      originals[i]!.apply(console, args);
    };
  });
  const onError = (event: ErrorEvent) => lines.push(`uncaught: ${textOf(event.error ?? event.message)}`);
  const onRejection = (event: PromiseRejectionEvent) => lines.push(`unhandled rejection: ${textOf(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    lines,
    restore() {
      methods.forEach((name, i) => (console[name] = originals[i]!));
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

function textOf(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Everything the page could show or hand out about an element: its attributes, its markup and its shadow
 * markup, the document's markup, and the detail of each event.
 */
export function visibleText(el: BwellConnectElement, recorder: Recorder): Record<string, string> {
  return {
    attributes: el.getAttributeNames().map((name) => `${name}=${el.getAttribute(name)}`).join('\n'),
    outerHTML: el.outerHTML,
    shadowRoot: el.shadowRoot?.innerHTML ?? '',
    document: document.documentElement.outerHTML,
    events: JSON.stringify(recorder.events.map((e) => e.detail)),
  };
}

/** Asserts that none of the places text can surface holds any of the secrets. */
export function expectNowhere(secrets: string[], places: Record<string, string>): void {
  for (const secret of secrets) {
    for (const [place, text] of Object.entries(places)) {
      expect(text.includes(secret), `${JSON.stringify(secret)} found in ${place}`).to.equal(false);
    }
  }
}

/** The emulator's log of getOauthUrl requests for a connection id. */
export async function requestLog(connectionId: string): Promise<Array<{ authorization: boolean; flags: Record<string, string> }>> {
  const { apiOrigin } = await emulator();
  const response = await fetch(`${apiOrigin}/__emulator/log?connectionId=${encodeURIComponent(connectionId)}`);
  return ((await response.json()) as { requests: Array<{ authorization: boolean; flags: Record<string, string> }> }).requests;
}
