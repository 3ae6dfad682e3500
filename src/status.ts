import type { MemberConnectionStatus } from './connection-status/vocabulary.js';

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

/** A status and its optional message, before the attempt's identity is attached. */
export interface Outcome {
  /** How it ended. */
  status: ConnectionStatus;
  /** Details for a developer; never contains the access token or the OAuth URL. */
  message?: string;
  /** Present on a success b.well confirmed itself (`getMemberConnections`). */
  verified?: true;
}

/** What an attempt ended with: the `detail` of the terminal events and the value `connect()` resolves to. */
export interface ConnectionResult extends Outcome {
  /**
   * On a success, with `bwell-connect/status`: the connection's status before the attempt, when it was known
   * (`expired`: it was a reconnect; `none`: a new connection).
   */
  previousStatus?: MemberConnectionStatus;
  /** The connection id the attempt ran for. */
  connectionId: string;
  /** A random id of the attempt, for analytics (one per attempt; a redirect keeps it across the pages). */
  attemptId: string;
  /** Ms from the start of the attempt to its end (across the pages of a redirect). */
  durationMs: number;
}

/** An error whose message is written for developers and safe to report: it never holds the token or the URL. */
export class ReportedError extends Error {}

const B_WELL_CODES: readonly ConnectionStatus[] = [
  ConnectionStatus.Success,
  ConnectionStatus.Error,
  ConnectionStatus.Cancelled,
  ConnectionStatus.Expired,
  ConnectionStatus.Unauthorized,
];

/** Longest raw code echoed back in a message: a hostile URL must not flood the page's logs. */
const MAX_ECHOED_CODE = 64;

/**
 * Maps a `status_code` value to an outcome. Codes match exactly (b.well sends lower case); anything
 * else, including an empty code or another casing, is `error` with the raw code (shortened) in `message`.
 */
export function outcomeFromCode(code: string): Outcome {
  const status = B_WELL_CODES.find((known) => known === code);
  if (status) return { status };
  const shown = code.length > MAX_ECHOED_CODE ? `${code.slice(0, MAX_ECHOED_CODE)}…` : code;
  return { status: ConnectionStatus.Error, message: `Unknown status_code: ${JSON.stringify(shown)}` };
}
