// The helper for the integrator's own redirect page (b.well's Option 2), which runs in the popup: the
// other end of the protocol the attempt speaks (protocol.ts).
import {
  CALLBACK_CHANNEL,
  CALLBACK_MESSAGE_TYPE,
  POPUP_NONCE_KEY,
  nonceFromWindowName,
  statusCodeFromUrl,
  type CallbackMessage,
} from './protocol.js';

/** Options for {@link completeConnection}. */
export interface CompleteConnectionOptions {
  /** Ms to wait before closing the popup, so the messages leave first (default 100). */
  closeDelay?: number;
}

/**
 * For the integrator's own redirect page (b.well's Option 2): reads `status_code` and reports it, with the
 * attempt's nonce, to the `<bwell-connect>` that opened this popup — by postMessage to the opener on this
 * origin, and on a BroadcastChannel, which still works when Cross-Origin-Opener-Policy cut the opener — then
 * closes the popup. Returns the status code it reported. On a page that is not such a popup (redirect mode,
 * a bookmark) it reports nothing and closes nothing; where there is no window (server rendering) it returns
 * `undefined` without effect.
 */
export function completeConnection({ closeDelay = 100 }: CompleteConnectionOptions = {}): string | undefined {
  if (typeof window === 'undefined' || typeof location === 'undefined') return undefined;
  const statusCode = statusCodeFromUrl(location.href);
  const nonce = popupNonce();
  if (statusCode === undefined || nonce === undefined) return undefined;
  const message: CallbackMessage = { type: CALLBACK_MESSAGE_TYPE, nonce, statusCode };
  try {
    const opener: Window | null = window.opener;
    opener?.postMessage(message, location.origin);
  } catch {
    // An opener on another origin refuses; the channel below still reaches ours.
  }
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CALLBACK_CHANNEL);
    channel.postMessage(message);
    channel.close();
  }
  setTimeout(() => window.close(), closeDelay);
  return statusCode;
}

/** The nonce the element handed this popup: its sessionStorage copy, or else its window name. */
function popupNonce(): string | undefined {
  try {
    const stored = sessionStorage.getItem(POPUP_NONCE_KEY);
    if (stored) return stored;
  } catch {
    // Storage may be unavailable; fall back to the name.
  }
  return nonceFromWindowName(window.name);
}
