import { checkWithin, storageOf, type AttemptContext, type CallbackChannel, type Presenter, type Refusal, type Timers } from './connect-flow.js';
import {
  CALLBACK_CHANNEL,
  ConnectionStatus,
  ReportedError,
  POPUP_NONCE_KEY,
  outcomeFromChannelMessage,
  outcomeFromCode,
  outcomeFromMessage,
  statusCodeFromUrl,
} from './status.js';

/** How long a result may still arrive after the popup reads as closed (a message in flight, a last URL). */
export const DEFAULT_CLOSE_GRACE = 1000;

/** How often the server is asked again while a "closed" popup may still be open, cut off by COOP. */
export const VERIFY_INTERVAL = 2000;

/** How long one server check may take before it counts as no evidence. */
export const VERIFY_TIME_LIMIT = 3000;

/** The `window_closed` message: a popup cut off by Cross-Origin-Opener-Policy reads as closed too. */
export const WINDOW_CLOSED_MESSAGE = 'The popup was closed, or cut off by Cross-Origin-Opener-Policy, before the connection finished.';

/** When a close may not hold: WebKit undoes a close() that lands while the popup starts a navigation. */
const CLOSE_RETRIES = [100, 500, 1000];

/**
 * The popup: opened blank in the caller's task, navigated to the URL when it arrives, watched on every channel
 * (messages from it, the callback helper's BroadcastChannel, its URL once back on this origin, its closed flag),
 * and closed when the attempt ends. Returns a refusal when the browser blocks it.
 */
export function popupPresenter(context: AttemptContext): Presenter | Refusal {
  const { options, nonce, hostWindow, signal } = context;
  const popup = openPopup(context);
  if (!popup) {
    return {
      status: ConnectionStatus.PopupBlocked,
      message: 'The browser blocked the popup: connect from a click or key press, or allow popups for this site.',
    };
  }
  const isTrusted = (origin: string) => origin === hostWindow.location.origin || options.trustedOrigins.includes(origin);
  hostWindow.addEventListener(
    'message',
    (event) => {
      if (event.source !== popup || !isTrusted(event.origin)) return;
      const outcome = outcomeFromMessage(event.data, nonce);
      if (outcome) context.settle(outcome);
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
  options.verifier?.begin(signal);
  context.every(options.pollInterval, () => {
    const code = readStatusCode(popup);
    if (code !== undefined) return context.settle(outcomeFromCode(code));
    if (popup.closed && context.phase !== 'confirming-close') {
      // "closed" is a hint: a message may be in flight, or Cross-Origin-Opener-Policy cut the handle off.
      context.enter('confirming-close');
      context.after(options.closeGrace ?? DEFAULT_CLOSE_GRACE, () => confirmClosed(context));
    }
  });

  return {
    show(url) {
      // Closed before the URL arrived: the closed reading is being decided already; nothing to navigate.
      if (context.phase === 'confirming-close') return;
      try {
        popup.location.replace(url.href);
      } catch {
        throw new ReportedError('The popup could not be navigated.');
      }
      context.enter('at-provider');
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
}

function openPopup({ nonce, hostWindow, options }: AttemptContext): Window | null {
  const storage = storageOf(hostWindow);
  try {
    // The popup gets a copy of sessionStorage as it opens: that is how the callback helper learns the nonce
    // even when COOP has cut the popup off and cleared its name. Removed at once, so the page keeps none.
    storage?.setItem(POPUP_NONCE_KEY, nonce);
  } catch {
    // Full or blocked storage: the helper reads the nonce from the window name instead.
  }
  try {
    return hostWindow.open('about:blank', `bwell-connect-${nonce}`, options.popupFeatures);
  } catch {
    return null;
  } finally {
    try {
      storage?.removeItem(POPUP_NONCE_KEY);
    } catch {
      // As above.
    }
  }
}

/**
 * Decides what a closed reading means, in one loop however often the user glances back at the page. Without
 * a verifier it is `window_closed`. With one, the server is asked whether the connection was made during
 * this attempt: yes is a success; no is `window_closed` once the page has the focus back (the user left the
 * popup), and otherwise the server is asked again when the page regains the focus and every
 * {@link VERIFY_INTERVAL} ms, since a popup cut off by COOP reads as closed while the user is still in it.
 */
function confirmClosed(context: AttemptContext): void {
  const { options, hostWindow, signal } = context;
  // Where every popup ends so, the page itself may send COOP: same-origin (the README's COOP section).
  const closed = { status: ConnectionStatus.WindowClosed, message: WINDOW_CLOSED_MESSAGE };
  const { verifier } = options;
  if (!verifier) return context.settle(closed);
  let checking = false;
  let clearNext: (() => void) | undefined;
  const check = () => {
    if (checking) return;
    checking = true;
    clearNext?.();
    // A check that fails or does not answer in time is no evidence, and no reason to keep the user waiting.
    void checkWithin(context, verifier, VERIFY_TIME_LIMIT).then((made) => {
      checking = false;
      if (made) context.settle({ status: ConnectionStatus.Success, verified: true });
      else if (hostWindow.document.hasFocus()) context.settle(closed);
      else clearNext = context.after(VERIFY_INTERVAL, check);
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
  for (const ms of CLOSE_RETRIES) timers.setTimeout(() => close(true), ms);
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
