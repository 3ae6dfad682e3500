// What the browser tests against the emulator share: its origins and log, real input, the events an element
// fires, and waiting on them. Importing this module defines nothing and registers no hook: each test file
// imports the element it tests (src/define.js or a bundle) and calls `afterEach(closeOtherWindows)` itself.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import type { AccessToken } from '../../src/bwell-api.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionResult } from '../../src/status.js';
import { NO_SECOND_EVENT_MS } from './waits.mjs';

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

/** One getOauthUrl request as the emulator logged it (whether a bearer came, never the token). */
export interface LoggedRequest {
  authorization: boolean;
  flags: Record<string, string>;
}

/** The getOauthUrl requests the emulator has seen for a connection id (logged as they arrive, before any delay). */
export async function requestLog(connectionId: string): Promise<LoggedRequest[]> {
  const { apiOrigin } = await emulator();
  const response = await fetch(`${apiOrigin}/__emulator/log?connectionId=${encodeURIComponent(connectionId)}`);
  return ((await response.json()) as { requests: LoggedRequest[] }).requests;
}

/** How many getOauthUrl requests the emulator has seen for a connection id. */
export async function requestCount(connectionId: string): Promise<number> {
  return (await requestLog(connectionId)).length;
}

/** Waits until the emulator has seen `count` getOauthUrl requests for `connectionId`. */
export function waitForRequests(connectionId: string, count: number): Promise<void> {
  return waitFor(async () => (await requestCount(connectionId)) === count, `expected ${count} request(s)`);
}

/** A connection id no other test uses, so the emulator's log counts this test's requests only. */
export function uniqueId(prefix = 'proa_demo'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Waits until `condition` holds, polling every 20 ms. The default allows a popup round trip through the
 * emulator on a busy machine, which @open-wc/testing's own 1 s default does not.
 */
export function waitFor(condition: () => unknown, message: string, timeout = 15_000): Promise<void> {
  return waitUntil(condition, message, { timeout, interval: 20 });
}

/**
 * How long one real click on the page can take while another popup loads: Firefox (over WebDriver BiDi) waits
 * for that load, and WebKitGTK is slower to hand the click over; Chromium clicks at once. A provider that
 * waits this long (`autoDelay`) keeps an attempt running past the next click.
 */
export const CLICK_WHILE_LOADING_MS = { chromium: 500, webkit: 1500, firefox: 2500 }[engine];

/**
 * Clicks with the real mouse (a trusted event with user activation, as a person's click): the popup
 * blocker stays on in these tests, so only such a click may open a popup. An element in a same-origin iframe
 * is clicked through the frames' offsets; a `<bwell-connect>` is clicked on its button.
 */
export async function realClick(element: Element): Promise<void> {
  const target = element.shadowRoot?.querySelector('button') ?? element;
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  let [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  for (
    let frame = target.ownerDocument.defaultView?.frameElement;
    frame;
    frame = frame.ownerDocument.defaultView?.frameElement
  ) {
    const offset = frame.getBoundingClientRect();
    x += offset.x + frame.clientLeft;
    y += offset.y + frame.clientTop;
  }
  await sendMouse({ type: 'click', position: [Math.round(x), Math.round(y)] });
}

/** Loads `src` in a same-origin iframe of the test page, styled by `css`; resolves at its load (module scripts have run). */
export async function openFrame(src: string, css = ''): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.cssText = css;
  frame.src = src;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

/** Removes every iframe of the test page (an `afterEach` for tests that open frames). */
export function removeFrames(): void {
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
}

/** Clicks a `<bwell-connect>` (in this page or an iframe's) once its button is enabled, as a person would. */
export async function clickWhenEnabled(el: Element): Promise<void> {
  await waitFor(() => el.shadowRoot?.querySelector('button')?.disabled === false, 'the button stayed disabled', 10_000);
  await realClick(el);
}

/** A result without what differs in every attempt (its id and duration), for exact comparisons. */
export type Reported = Omit<ConnectionResult, 'attemptId' | 'durationMs'>;

/** A terminal event as a test compares it: its detail {@link Reported}, once its id and duration were checked. */
export interface RecordedEvent {
  type: string;
  bubbles: boolean;
  composed: boolean;
  detail: Reported;
  /** The event itself. */
  event: CustomEvent<ConnectionResult>;
}

/** The detail without its attempt id and duration, which every terminal event must carry. */
export function reported(detail: ConnectionResult): Reported {
  const { attemptId, durationMs, ...rest } = detail;
  expect(attemptId, 'detail.attemptId').to.match(/^[0-9a-f]{16}$/);
  expect(durationMs, 'detail.durationMs').to.be.a('number').and.at.least(0);
  return rest;
}

/** The connection events that reached a target, in order; `next()` returns them one by one, waiting if needed. */
export interface Recorder {
  events: Array<CustomEvent<ConnectionResult>>;
  /** Every detail so far, as {@link reported}. */
  details(): Reported[];
  next(timeout?: number): Promise<RecordedEvent>;
}

/** Records every connection event that reaches `target`. */
export function recordEvents(target: EventTarget): Recorder {
  const events: Array<CustomEvent<ConnectionResult>> = [];
  const record = (event: Event) => events.push(event as CustomEvent<ConnectionResult>);
  target.addEventListener('connection-success', record);
  target.addEventListener('connection-failure', record);
  let cursor = 0;
  return {
    events,
    details: () => events.map((event) => reported(event.detail)),
    async next(timeout?: number) {
      const index = cursor++;
      await waitFor(() => events.length > index, 'no connection event arrived', timeout);
      const event = events[index]!;
      const { type, bubbles, composed } = event;
      return { type, bubbles, composed, detail: reported(event.detail), event };
    },
  };
}

/** Waits for the recorder's next event; checks that its type matches its status, and returns its detail. */
export async function nextResult(recorder: Recorder, timeout?: number): Promise<Reported> {
  const event = await recorder.next(timeout);
  expect(event.type).to.equal(event.detail.status === 'success' ? 'connection-success' : 'connection-failure');
  return event.detail;
}

/** Waits {@link NO_SECOND_EVENT_MS} and checks that `events` (already holding the first) holds only it. */
export async function expectNoSecondEvent(events: readonly unknown[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, NO_SECOND_EVENT_MS));
  expect(events, 'events after the no-second-event window').to.have.length(1);
}

/**
 * Every window this page opened with `window.open` (the element's popups and the tests' own): kept from the
 * moment this module loads, so {@link closeOtherWindows} can close them from the page itself.
 */
const opened: Window[] = [];
const realOpen = window.open;
window.open = function open(this: Window, ...args: Parameters<Window['open']>) {
  const popup = realOpen.apply(this, args);
  if (popup) opened.push(popup);
  return popup;
};

/**
 * Closes the windows this page opened, and waits until they read as closed: WebKitGTK can undo a close() that
 * lands during a navigation, so it is asked again at every poll.
 */
async function closeOpened(): Promise<void> {
  const open = () => opened.filter((popup) => !popup.closed);
  await waitFor(
    () => {
      const left = open();
      for (const popup of left) popup.close();
      return left.length === 0;
    },
    'a popup stayed open',
    2000,
  ).catch(() => undefined);
  opened.length = 0;
}

/**
 * Closes every window but the test page and brings the page back to the front, as a person finishing with a
 * popup would leave it: a popup the element cannot close (one cut off by Cross-Origin-Opener-Policy, whose
 * handle reads as closed while the window lives on) or one a failed test left open would otherwise take
 * the focus in Firefox and WebKit when a later popup closes, and the page would wait for focus in vain.
 * The page closes what it opened first; the browser then closes the rest (popups of frames, windows cut off
 * by COOP) through test/support/engines-plugin.mjs, installed by the all-engines config. `npm test`'s
 * Chromium-only config does not install it and needs none (headless Chromium gives every page the focus).
 * Every test file that opens windows runs it after each test.
 */
export async function closeOtherWindows(): Promise<void> {
  await closeOpened();
  try {
    await executeServerCommand('close-other-windows');
  } catch (error) {
    if (String(error).includes('Unknown command close-other-windows')) return;
    throw error;
  }
  // Firefox hands the focus back a moment after the other windows close.
  await waitFor(() => document.hasFocus(), 'the test page did not get the focus back', 3000).catch(() => undefined);
}

/**
 * Waits for the popup to read as closed. The element closes it as the attempt settles, but WebKitGTK can undo a
 * close() that lands during a navigation; the element's watchdog then closes it again within a second
 * (DEFAULTS.closeRetries in src/settings.ts). So "closed" is asserted with that second and a little more.
 */
export function expectClosed(popup: Window): Promise<void> {
  return waitFor(() => popup.closed, 'the popup is still open 1.5 s after the attempt ended', 1500);
}

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
  /** The element's poll-interval; default the element's own (500 ms). */
  pollInterval?: number;
}

/**
 * The shortest poll-interval the element accepts: for cases whose subject is not the pace of the poll, so
 * that a closed popup or a status_code in its URL is read at once rather than up to 500 ms later.
 */
export const QUICK_POLL_MS = 50;

/**
 * Mounts an element on the emulator with scenario flags, trusting the emulator's completion origin. The test
 * file defines the element (from src/ or a bundle).
 */
export async function mount(
  flags: Record<string, string> = {},
  options: MountOptions = {},
): Promise<BwellConnectElement> {
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
  if (options.pollInterval !== undefined) el.pollInterval = options.pollInterval;
  return el;
}

/**
 * Records the GraphQL requests the page sends (their bodies), and those answered (once their whole answer has
 * arrived), by wrapping `fetch` until restored.
 */
export function recordGraphqlRequests(): { bodies: string[]; answered: string[]; restore(): void } {
  const original = window.fetch;
  const bodies: string[] = [];
  const answered: string[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!new URL(url, location.href).pathname.endsWith('/graphql')) return original.call(window, input, init);
    const body = String(init?.body ?? '');
    bodies.push(body);
    const response = await original.call(window, input, init);
    void response
      .clone()
      .text()
      .catch(() => undefined)
      .then(() => answered.push(body));
    return response;
  };
  return { bodies, answered, restore: () => (window.fetch = original) };
}

/**
 * Holds back the answers to the page's GraphQL requests (the requests themselves are sent) until released:
 * an element stays in `requesting-url` for as long as a test needs, without a delay on the server.
 */
export function holdGraphqlAnswers(): { release(): void; restore(): void } {
  const original = window.fetch;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = original.call(window, input, init);
    response.catch(() => undefined); // a request that fails while held is not an unhandled rejection
    if (new URL(url, location.href).pathname.endsWith('/graphql')) await released;
    return response;
  };
  return {
    release,
    restore: () => {
      release();
      window.fetch = original;
    },
  };
}

/** Records an element's events, then clicks it with the real mouse: an attempt starts, as a person starts one. */
export async function clickToStart(el: BwellConnectElement): Promise<Recorder> {
  const recorder = recordEvents(el);
  await realClick(el);
  return recorder;
}

/** Mounts an element (see {@link mount}), records its events and clicks it. */
export async function startAttempt(
  flags: Record<string, string> = {},
  options: MountOptions = {},
): Promise<{ el: BwellConnectElement; recorder: Recorder }> {
  const el = await mount(flags, options);
  return { el, recorder: await clickToStart(el) };
}

/**
 * Makes `document.hasFocus()` answer `focused` until restored: headless Chromium reports the focus on every
 * page, where a person's focus would be in the popup.
 */
export function stubFocus(focused: boolean): { restore(): void } {
  const original = Object.getOwnPropertyDescriptor(document, 'hasFocus');
  document.hasFocus = () => focused;
  return {
    restore: () => {
      if (original) Object.defineProperty(document, 'hasFocus', original);
      else delete (document as { hasFocus?: unknown }).hasFocus;
    },
  };
}

/**
 * Runs an attempt through a provider that sends Cross-Origin-Opener-Policy, whose custom redirect lands on the
 * callback page at `returnPath`, while the person is in the popup (the page lacks the focus); checks that the
 * page's callback helper reports `expired` over its BroadcastChannel, once.
 */
export async function expectCallbackOverChannel(returnPath: string): Promise<void> {
  const el = await mount({ coop: '1', auto: 'expired', redirect: 'custom', returnPath });
  const hasFocus = stubFocus(false);
  try {
    const recorder = await clickToStart(el);
    expect(await nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
    await expectNoSecondEvent(recorder.events);
  } finally {
    hasFocus.restore();
  }
}
