// The test page's windows and frames: the same-origin iframes the tests load, the popups they leave behind,
// and the page's focus. Importing this module wraps `window.open` to keep every window the page opens, so that
// closeOtherWindows can close them; the end-to-end harness (harness.ts) calls it after each test.
import { executeServerCommand } from '@web/test-runner-commands';
import { waitFor } from './wait-for.js';

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

/** One `window.open` call: its arguments and whether it returned a window. */
export interface OpenCall {
  url: string | undefined;
  target: string | undefined;
  features: string | undefined;
  handle: Window | null;
}

/**
 * Every window this page opened with `window.open` (the element's popups and the tests' own): kept from the
 * moment this module loads, so {@link closeOtherWindows} can close them from the page itself. The one wrapper
 * of `window.open` in the tests: {@link recordOpenCalls} and the harness's popup record read from it.
 */
const opened: Window[] = [];
const watchers = new Set<(call: OpenCall) => void>([({ handle }) => handle && opened.push(handle)]);
const realOpen = window.open;
window.open = function open(this: Window, ...args: Parameters<Window['open']>) {
  const handle = realOpen.apply(this, args);
  const [url, target, features] = args.map((arg) => (arg === undefined ? undefined : String(arg)));
  for (const watch of watchers) watch({ url, target, features, handle });
  return handle;
};

/** Whether an iframe was added to the page since {@link closeOtherWindows} last ran: it may have opened windows. */
let framesAdded = false;
new MutationObserver((records) => {
  if (records.some((record) => [...record.addedNodes].some((node) => node.nodeName === 'IFRAME'))) framesAdded = true;
}).observe(document, { childList: true, subtree: true });

/** Keeps every `window.open` call's arguments from now on; `restore()` stops and closes what they opened. */
export function recordOpenCalls(): { calls: OpenCall[]; restore(): void } {
  const calls: OpenCall[] = [];
  const watch = (call: OpenCall) => calls.push(call);
  watchers.add(watch);
  return {
    calls,
    restore() {
      watchers.delete(watch);
      for (const { handle } of calls) if (handle && !handle.closed) handle.close();
    },
  };
}

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
 * by COOP) through test/support/engines-plugin.mjs, which web-test-runner.config.mjs installs for every engine.
 * The harness's tearDown runs it after each test.
 */
export async function closeOtherWindows(): Promise<void> {
  // Only a window this page or one of its frames opened can be left: with neither, the browser has none to close.
  const mayHaveLeft = opened.length > 0 || framesAdded || document.querySelector('iframe') !== null;
  framesAdded = false;
  await closeOpened();
  if (mayHaveLeft) await executeServerCommand('close-other-windows');
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
