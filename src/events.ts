import type { ConnectionResult, ConnectionStatus } from './status.js';

/** The detail of a `connection-success` event. */
export interface ConnectionSuccessDetail extends ConnectionResult {
  status: 'success';
}

/** The detail of a `connection-failure` event: any status but `success`. */
export interface ConnectionFailureDetail extends ConnectionResult {
  status: Exclude<ConnectionStatus, 'success'>;
}

/** Fired once when an attempt ends with `status: 'success'`. */
export type ConnectionSuccessEvent = CustomEvent<ConnectionSuccessDetail>;

/** Fired once when an attempt ends with any other status. */
export type ConnectionFailureEvent = CustomEvent<ConnectionFailureDetail>;

/** The names of the element's events. */
export const ConnectionEventName = {
  Success: 'connection-success',
  Failure: 'connection-failure',
} as const;

/** Makes the event for a result: bubbles and crosses shadow roots, so a listener anywhere above sees it. */
export function connectionEvent(result: ConnectionResult): ConnectionSuccessEvent | ConnectionFailureEvent {
  const name = result.status === 'success' ? ConnectionEventName.Success : ConnectionEventName.Failure;
  return new CustomEvent(name, { bubbles: true, composed: true, detail: result }) as ConnectionSuccessEvent | ConnectionFailureEvent;
}
