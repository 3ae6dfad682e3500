// Watching the popups an element opens and the messages the page receives, and running code inside a popup.
import { expect } from '@open-wc/testing';
import { waitFor } from './wait-for.js';
import { recordOpenCalls, type OpenCall } from './windows.js';

/** The popups opened since {@link recordPopups}: every `window.open` call, and the windows it returned. */
export interface PopupRecord {
  readonly calls: number;
  /** Each `window.open` call with its arguments (URL, target, features) and the window it returned. */
  readonly openCalls: readonly OpenCall[];
  readonly handles: Window[];
  /** Stops recording and closes the popups still open. */
  restore(): void;
}

/** Keeps every handle the page's `window.open` calls return from now on (see recordOpenCalls). */
export function recordPopups(): PopupRecord {
  const opens = recordOpenCalls();
  return {
    get calls() {
      return opens.calls.length;
    },
    openCalls: opens.calls,
    get handles() {
      return opens.calls.flatMap(({ handle }) => (handle ? [handle] : []));
    },
    restore: () => opens.restore(),
  };
}

/** The only popup opened so far. */
export function onlyPopup(popups: Pick<PopupRecord, 'calls' | 'handles'>): Window {
  expect(popups.calls, 'window.open calls').to.equal(1);
  expect(popups.handles, 'popups opened').to.have.length(1);
  return popups.handles[0]!;
}

/** Whether a popup shows another origin (reading its location throws). */
function isCrossOrigin(popup: Window): boolean {
  try {
    void popup.location.href;
    return false;
  } catch {
    return true;
  }
}

/** Waits until the popup has left about:blank for another origin (the provider page). */
export function waitForCrossOrigin(popup: Window): Promise<void> {
  return waitFor(() => isCrossOrigin(popup), 'the popup never reached the provider');
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

/**
 * A message as the page received it. `source` is read during the dispatch, as an element's listener reads it:
 * WebKit answers null afterwards once the sending window is gone.
 */
export interface ReceivedMessage {
  data: unknown;
  origin: string;
  source: MessageEventSource | null;
}

/** The messages the page received, and a way to wait for those from one source. */
export interface MessageRecord {
  messages: ReceivedMessage[];
  /**
   * Waits until `count` messages from `source` (a window, or a function returning it) have arrived. The
   * record's listener is registered before any element's, and an element handles a message in the same
   * dispatch, synchronously: once this resolves, every element has seen those messages and reported any
   * result it took from them.
   */
  waitFrom(source: unknown, what: string, count?: number): Promise<void>;
  stop(): void;
}

/** Records every message the page receives, from a listener registered before any element's. */
export function recordMessages(): MessageRecord {
  const messages: ReceivedMessage[] = [];
  const listen = ({ data, origin, source }: MessageEvent) => messages.push({ data, origin, source });
  window.addEventListener('message', listen);
  return {
    messages,
    waitFrom(source, what, count = 1) {
      const from = typeof source === 'function' ? (source as () => unknown) : () => source;
      return waitFor(
        () => messages.filter((m) => m.source !== null && m.source === from()).length >= count,
        `no message from ${what}`,
      );
    },
    stop: () => window.removeEventListener('message', listen),
  };
}
