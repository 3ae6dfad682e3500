import {
  CALLBACK_CHANNEL,
  POPUP_NONCE_KEY,
  outcomeFromChannelMessage,
  outcomeFromMessage,
  popupWindowName,
  statusCodeFromUrl,
} from '../protocol.js';
import { DEFAULTS } from '../settings.js';
import { ConnectionStatus, ReportedError, outcomeFromCode } from '../status.js';
import type { AttemptContext, CallbackChannel, PresenterChoice, Timers } from './contracts.js';

/** The `window_closed` message: a popup cut off by Cross-Origin-Opener-Policy reads as closed too. */
export const WINDOW_CLOSED_MESSAGE =
  'The popup was closed, or cut off by Cross-Origin-Opener-Policy, before the connection finished.';

/** The message for b.well's status posted from an opaque origin: a sandbox the popup could not escape. */
export const OPAQUE_ORIGIN_MESSAGE =
  'The completion message came from an opaque origin (a sandboxed page), so it cannot be trusted: let popups ' +
  'escape the sandbox (allow-popups-to-escape-sandbox) or use mode="redirect".';

/**
 * The popup: opened blank in the caller's task, navigated to the URL when it arrives, watched on every channel
 * (messages from it, the callback helper's BroadcastChannel, its URL once back on this origin, its closed flag),
 * and closed when the attempt ends. Refused when the browser blocks it.
 */
export function popupPresenter(context: AttemptContext): PresenterChoice {
  const { options, nonce, hostWindow, signal } = context;
  const popup = openPopup(context);
  if (!popup) {
    const message = 'The browser blocked the popup: connect from a click or key press, or allow popups for this site.';
    return { kind: 'refused', outcome: { status: ConnectionStatus.PopupBlocked, message } };
  }
  const isTrusted = (origin: string) =>
    origin === hostWindow.location.origin || options.trustedOrigins.includes(origin);
  hostWindow.addEventListener(
    'message',
    (event) => {
      if (event.source !== popup) return;
      const outcome = outcomeFromMessage(event.data, nonce);
      if (!outcome) return;
      if (isTrusted(event.origin)) context.settle(outcome);
      // b.well's page in a popup that inherited this page's sandbox: it will never post from a trusted origin.
      else if (event.origin === 'null')
        context.settle({ status: ConnectionStatus.Error, message: OPAQUE_ORIGIN_MESSAGE });
    },
    { signal },
  );
  const channel: CallbackChannel | undefined = (options.openChannel ?? openBroadcastChannel)();
  if (channel) {
    channel.onmessage = (event) => {
      const outcome = outcomeFromChannelMessage(event.data, nonce);
      if (outcome) context.settle(outcome);
    };
    signal.addEventListener('abort', () => channel.close(), { once: true });
  }
  context.every(options.pollInterval, () => {
    const code = readStatusCode(popup);
    if (code !== undefined) {
      context.settle(outcomeFromCode(code));
    } else if (popup.closed && context.phase !== 'confirming-close' && context.phase !== 'confirming-success') {
      // "closed" is a hint: a message may be in flight, or Cross-Origin-Opener-Policy cut the handle off.
      context.enter('confirming-close');
      context.after(options.closeGrace ?? DEFAULTS.closeGrace, () => confirmClosed(context));
    }
  });

  const presenter = {
    show(url: URL) {
      // Closed before the URL arrived: the closed reading is being decided already; nothing to navigate.
      if (context.phase === 'confirming-close') return;
      try {
        if (url !== options.url) popup.location.replace(url.href);
      } catch {
        throw new ReportedError('The popup could not be navigated.');
      }
      context.enter('at-provider');
      // The reading the server checks compare with: taken now, off the user's path to the provider.
      options.verifier?.begin(signal);
    },
    focus() {
      try {
        popup.focus();
      } catch {
        // A popup cut off by Cross-Origin-Opener-Policy may refuse; nothing to do.
      }
    },
    end() {
      closePopup(popup, context.timers);
    },
  };
  return { kind: 'presenter', presenter };
}

function openPopup({ nonce, hostWindow, options, storage }: AttemptContext): Window | null {
  // The popup gets a copy of sessionStorage as it opens: that is how the callback helper learns the nonce
  // even when COOP has cut the popup off and cleared its name. Removed at once, so the page keeps none.
  // Full or blocked storage is no obstacle: the helper reads the nonce from the window name instead.
  const handedOver = tryStorage(() => storage?.setItem(POPUP_NONCE_KEY, nonce));
  try {
    return hostWindow.open(options.url?.href ?? 'about:blank', popupWindowName(nonce), options.popupFeatures);
  } catch {
    return null;
  } finally {
    if (handedOver) tryStorage(() => storage?.removeItem(POPUP_NONCE_KEY));
  }
}

/** Runs a storage write; `false` when the storage refuses it (full, blocked). */
function tryStorage(write: () => void): boolean {
  try {
    write();
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides what a closed reading means, in one loop however often the user glances back at the page. Without
 * a verifier it is `window_closed`. With one, the server is asked whether the connection was made during
 * this attempt: yes is a success; no is `window_closed` once the page has the focus back (the user left the
 * popup), and otherwise the server is asked again when the page regains the focus and every
 * `verifyInterval` ms, since a popup cut off by COOP reads as closed while the user is still in it.
 */
function confirmClosed(context: AttemptContext): void {
  const { options, hostWindow, signal } = context;
  // Where every popup ends so, the page itself may send COOP: same-origin (docs/security.md).
  const closed = { status: ConnectionStatus.WindowClosed, message: WINDOW_CLOSED_MESSAGE };
  if (!options.verifier) {
    context.settle(closed);
    return;
  }
  let checking = false;
  let clearNext: (() => void) | undefined;
  const check = () => {
    if (checking) return;
    checking = true;
    clearNext?.();
    // A check that fails or does not answer in time is no evidence, and no reason to keep the user waiting.
    void context.checkServer(DEFAULTS.verifyTimeLimit).then((made) => {
      checking = false;
      if (made) context.settle({ status: ConnectionStatus.Success, verified: true });
      else if (hostWindow.document.hasFocus()) context.settle(closed);
      else clearNext = context.after(DEFAULTS.verifyInterval, check);
    });
  };
  // The user coming back to the page is the moment to decide, rather than the next periodic check.
  hostWindow.addEventListener('focus', check, { signal });
  check();
}

/**
 * Closes the popup, and checks a few times that it stays closed. The checks outlive the attempt: they hold
 * nothing but the handle, end within a second, and close again only a window that reads as open.
 */
function closePopup(popup: Window, timers: Timers): void {
  const close = (onlyIfOpen: boolean) => {
    try {
      if (!onlyIfOpen || !popup.closed) popup.close();
    } catch {
      // Closing can throw on a severed handle; the window is no longer ours to manage.
    }
  };
  close(false);
  for (const ms of DEFAULTS.closeRetries) timers.setTimeout(() => close(true), ms);
}

/** The popup's `status_code`, when its URL is readable (our own origin) and carries one. */
function readStatusCode(popup: Window): string | undefined {
  try {
    return statusCodeFromUrl(popup.location.href);
  } catch {
    // Expected while the popup shows another origin.
    return undefined;
  }
}

function openBroadcastChannel(): CallbackChannel | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(CALLBACK_CHANNEL) : undefined;
}
