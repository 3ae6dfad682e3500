import { fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import type { AccessToken } from '../../src/bwell-api.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionResult } from '../../src/status.js';

/** The engine the tests run in, for the few facts that differ between them (each use says why). */
export const engine: 'chromium' | 'firefox' | 'webkit' = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/** The emulator's origins, as its dev-server plugin reports them. */
export interface EmulatorConfig {
  hostOrigin: string;
  apiOrigin: string;
  endpoint: string;
  providerOrigin: string;
  completionOrigin: string;
  callbackUrl: string;
}

let config: Promise<EmulatorConfig> | undefined;

/** Reads the running emulator's origins (once per test file). */
export function emulator(): Promise<EmulatorConfig> {
  config ??= fetch('/__emulator/config.json').then((response) => response.json() as Promise<EmulatorConfig>);
  return config;
}

/** The emulator's endpoint with scenario flags (`auto`, `coop`, `redirect`, `fault`, `delay`, …). */
export async function endpointWith(flags: Record<string, string> = {}): Promise<string> {
  const url = new URL((await emulator()).endpoint);
  for (const [name, value] of Object.entries(flags)) url.searchParams.set(name, value);
  return url.href;
}

/** How many getOauthUrl requests the emulator has seen for a connection id. */
export async function requestCount(connectionId: string): Promise<number> {
  const { apiOrigin } = await emulator();
  const response = await fetch(`${apiOrigin}/__emulator/log?connectionId=${encodeURIComponent(connectionId)}`);
  return ((await response.json()) as { count: number }).count;
}

/** A connection id no other test uses, so the emulator's log counts this test's requests only. */
export function uniqueId(prefix = 'proa_demo'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Clicks with the real mouse (a trusted event with user activation, as a person's click): the popup
 * blocker stays on in these tests, so only such a click may open a popup.
 */
export async function realClick(element: Element): Promise<void> {
  const target = element.shadowRoot?.querySelector('button') ?? element;
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/** Records every connection event that reaches `target`; `next()` returns them in order, waiting if needed. */
export function recordEvents(target: EventTarget): {
  events: Array<CustomEvent<ConnectionResult>>;
  next(timeout?: number): Promise<CustomEvent<ConnectionResult>>;
} {
  const events: Array<CustomEvent<ConnectionResult>> = [];
  const record = (event: Event) => events.push(event as CustomEvent<ConnectionResult>);
  target.addEventListener('connection-success', record);
  target.addEventListener('connection-failure', record);
  let cursor = 0;
  return {
    events,
    async next(timeout = 15_000) {
      const index = cursor++;
      await waitUntil(() => events.length > index, 'no connection event arrived', { timeout, interval: 20 });
      return events[index]!;
    },
  };
}

/** Waits, for real, so that a second event would have time to arrive. */
export function settleTime(ms = 1500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Closes every window but the test page and brings the page back to the front, as a person finishing with a
 * popup would leave it: a popup the element cannot close (one cut off by Cross-Origin-Opener-Policy, whose
 * handle reads as closed while the window lives on) or one a failed test left open would otherwise take
 * the focus in Firefox and WebKit when a later popup closes, and the page would wait for focus in vain.
 * The command comes from test/support/engines-plugin.mjs, installed by the all-engines config; `npm test`'s
 * Chromium-only config does not install it and needs none (headless Chromium gives every page the focus).
 */
export async function closeOtherWindows(): Promise<void> {
  try {
    await executeServerCommand('close-other-windows');
  } catch (error) {
    if (String(error).includes('Unknown command close-other-windows')) return;
    throw error;
  }
  // Firefox hands the focus back a moment after the other windows close.
  await waitUntil(() => document.hasFocus(), 'the test page did not get the focus back', { timeout: 3000, interval: 20 }).catch(
    () => undefined,
  );
}

/**
 * Waits for the popup to read as closed. The element closes it as the attempt settles, but WebKitGTK can undo a
 * close() that lands during a navigation; the element's watchdog then closes it again within a second
 * (CLOSE_RETRIES in src/connect-flow.ts). So "closed" is asserted with that second and a little more.
 */
export function expectClosed(popup: Window): Promise<void> {
  return waitUntil(() => popup.closed, 'the popup is still open 1.5 s after the attempt ended', { timeout: 1500, interval: 20 });
}

// After every test of every file that uses these helpers (a root hook): no window outlives its test.
afterEach(closeOtherWindows);

/** The access token the mounted elements get by default. */
export const TOKEN = 'test-token';

/** How {@link mount} sets the element up. */
export interface MountOptions {
  /** Default: a {@link uniqueId}; `''` leaves the element without one. */
  connectionId?: string;
  disabled?: boolean;
  /** Default: {@link TOKEN}; `null` leaves the property unset. */
  accessToken?: AccessToken | null;
  /** Replaces the emulator endpoint (the flags are then ignored). */
  endpoint?: string;
}

/**
 * Mounts an element on the emulator with scenario flags, trusting the emulator's completion origin. The test
 * file defines the element (from src/ or a bundle).
 */
export async function mount(flags: Record<string, string> = {}, options: MountOptions = {}): Promise<BwellConnectElement> {
  const { completionOrigin } = await emulator();
  const el = await fixture<BwellConnectElement>(html`
    <bwell-connect
      connection-id=${options.connectionId ?? uniqueId()}
      endpoint=${options.endpoint ?? (await endpointWith(flags))}
      trusted-origins=${completionOrigin}
      ?disabled=${options.disabled ?? false}
    ></bwell-connect>
  `);
  if (options.accessToken !== null) el.accessToken = options.accessToken ?? TOKEN;
  return el;
}
