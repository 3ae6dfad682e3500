import type { ConnectionResult } from './status.js';

/** Fired once when an attempt ends with `status: 'success'`. */
export type ConnectionSuccessEvent = CustomEvent<ConnectionResult>;

/** Fired once when an attempt ends with any other status. */
export type ConnectionFailureEvent = CustomEvent<ConnectionResult>;

/** The names of the element's events. */
export const ConnectionEventName = {
  Success: 'connection-success',
  Failure: 'connection-failure',
} as const;

/** Makes the event for a result: bubbles and crosses shadow roots, so a listener anywhere above sees it. */
export function connectionEvent(result: ConnectionResult): ConnectionSuccessEvent | ConnectionFailureEvent {
  const type = result.status === 'success' ? ConnectionEventName.Success : ConnectionEventName.Failure;
  return new CustomEvent(type, { detail: result, bubbles: true, composed: true });
}
