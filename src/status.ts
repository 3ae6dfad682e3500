/**
 * How a connection attempt ended. The first five are b.well's `status_code` values; the rest are the
 * component's own.
 */
export const ConnectionStatus = {
  /** The OAuth flow completed and the connection is made. */
  Success: 'success',
  /** b.well reported a generic error, an unknown `status_code`, or a bare `status-failure` message. */
  Error: 'error',
  /** The user denied access at the provider. */
  Cancelled: 'cancelled',
  /** b.well's token expired during the flow. */
  Expired: 'expired',
  /** CSRF token mismatch: b.well's security validation failed. */
  Unauthorized: 'unauthorized',
  /** `window.open` returned no window. */
  PopupBlocked: 'popup_blocked',
  /** The popup was closed before any result. */
  WindowClosed: 'window_closed',
  /** No result within `timeout` ms. */
  Timeout: 'timeout',
  /** The OAuth URL could not be obtained or was unsafe; `message` says why. */
  RequestFailed: 'request_failed',
  /**
   * `cancel()` was called, the connection id changed, the element left the document, or the user came back
   * from a redirect without a result (the back button).
   */
  Aborted: 'aborted',
} as const;

/** One of the {@link ConnectionStatus} values. */
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** What an attempt ended with: the `detail` of the events and the value `connect()` resolves to. */
export interface ConnectionResult {
  /** The connection id the attempt ran for. */
  connectionId: string;
  /** How it ended. */
  status: ConnectionStatus;
  /** Details for a developer; never contains the access token or the OAuth URL. */
  message?: string;
  /** Present on a success b.well confirmed itself (`getMemberConnections`). */
  verified?: true;
}

/** An error whose message is written for developers and safe to report: it never holds the token or the URL. */
export class ReportedError extends Error {}

/** A status and its optional message, before the connection id is attached. */
export interface Outcome {
  status: ConnectionStatus;
  message?: string;
  verified?: true;
}

const B_WELL_CODES: ReadonlySet<string> = new Set([
  ConnectionStatus.Success,
  ConnectionStatus.Error,
  ConnectionStatus.Cancelled,
  ConnectionStatus.Expired,
  ConnectionStatus.Unauthorized,
]);

/** Longest raw code echoed back in a message: a hostile URL must not flood the page's logs. */
const MAX_ECHOED_CODE = 64;

/**
 * Maps a `status_code` value to an outcome. Codes match exactly (b.well sends lower case); anything
 * else, including an empty code or another casing, is `error` with the raw code (shortened) in `message`.
 */
export function outcomeFromCode(code: string): Outcome {
  if (B_WELL_CODES.has(code)) return { status: code as ConnectionStatus };
  const shown = code.length > MAX_ECHOED_CODE ? `${code.slice(0, MAX_ECHOED_CODE)}…` : code;
  return { status: ConnectionStatus.Error, message: `Unknown status_code: ${JSON.stringify(shown)}` };
}

/**
 * Reads `status_code` from a URL. Returns `undefined` when there is none; when the parameter is repeated
 * the first one counts, as `URLSearchParams.get` does.
 */
export function statusCodeFromUrl(url: string | URL): string | undefined {
  try {
    return new URL(url).searchParams.get('status_code') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The BroadcastChannel the callback-page helper reports on; it still works when COOP cut the opener. */
export const CALLBACK_CHANNEL = 'bwell-connect';

/** The sessionStorage key that hands the attempt's nonce to its popup (popups get a copy of it). */
export const POPUP_NONCE_KEY = 'bwell-connect:popup-nonce';

/** The message type the callback-page helper posts. */
export const CALLBACK_MESSAGE_TYPE = 'bwell-connect:status';

/** The message the callback-page helper posts to the opener and on the BroadcastChannel. */
export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  /** The attempt's nonce, read from the callback page's URL or window name. */
  nonce: string;
  statusCode: string;
}

/**
 * Maps a BroadcastChannel message to an outcome: only a {@link CallbackMessage} carrying this attempt's
 * `nonce` counts (the channel reaches every tab of the origin, so the nonce is what tells attempts apart).
 */
export function outcomeFromChannelMessage(data: unknown, nonce: string): Outcome | undefined {
  return isCallbackMessage(data) && data.nonce === nonce ? outcomeFromCode(data.statusCode) : undefined;
}

/**
 * Maps a message's data to an outcome, or `undefined` when it is not one of the accepted forms:
 * b.well's exact strings `status-success` / `status-failure`, or a {@link CallbackMessage} carrying
 * `nonce`. Everything else (other widgets' messages, other casings, padding) is not ours.
 */
export function outcomeFromMessage(data: unknown, nonce?: string): Outcome | undefined {
  if (data === 'status-success') return { status: ConnectionStatus.Success };
  if (data === 'status-failure') return { status: ConnectionStatus.Error, message: 'b.well reported status-failure.' };
  return nonce === undefined ? undefined : outcomeFromChannelMessage(data, nonce);
}

function isCallbackMessage(data: unknown): data is CallbackMessage {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return (
    record['type'] === CALLBACK_MESSAGE_TYPE &&
    typeof record['nonce'] === 'string' &&
    typeof record['statusCode'] === 'string'
  );
}
