// The element's events in one place: their names, their details, the event map (which types
// `addEventListener` on the element and on every node above it), and the one factory that makes them.
import type { AttemptPhase } from './attempt/contracts.js';
import type { ConnectionResult, ConnectionStatus } from './status.js';
import type { ConnectionStatusInfo } from './connection-status/vocabulary.js';

/** The names of the element's events. */
export const ConnectionEventName = {
  /** Once per attempt that succeeded. */
  Success: 'connection-success',
  /** Once per attempt that failed. */
  Failure: 'connection-failure',
  /** On every change of the element's phase. */
  Progress: 'connection-progress',
  /** On every change of the connection's status at b.well, or of its import (with `bwell-connect/status`). */
  Status: 'connection-status',
} as const;

/** Where the element stands: `idle` when no attempt runs, else the running attempt's phase. */
export type ConnectPhase = 'idle' | Exclude<AttemptPhase, 'settled'>;

/** The detail of a `connection-success` event. */
export interface ConnectionSuccessDetail extends ConnectionResult {
  status: 'success';
}

/** The detail of a `connection-failure` event: any status but `success`. */
export interface ConnectionFailureDetail extends ConnectionResult {
  status: Exclude<ConnectionStatus, 'success'>;
}

/** The detail of a `connection-progress` event. */
export interface ConnectionProgressDetail {
  connectionId: string;
  phase: ConnectPhase;
}

/**
 * The detail of a `connection-status` event: the connection as b.well now shows it, and `lateSuccess` when it
 * shows an attempt that ended as `window_closed`, `timeout` or `aborted` succeeded after all.
 */
export interface ConnectionStatusDetail extends ConnectionStatusInfo {
  lateSuccess?: true;
}

/** Fired once when an attempt ends with `status: 'success'`. */
export type ConnectionSuccessEvent = CustomEvent<ConnectionSuccessDetail>;

/** Fired once when an attempt ends with any other status. */
export type ConnectionFailureEvent = CustomEvent<ConnectionFailureDetail>;

/** Fired on every change of the element's phase, the return to `idle` included. */
export type ConnectionProgressEvent = CustomEvent<ConnectionProgressDetail>;

/** Fired on every change of the connection's status or of its import (`show-status`, `refreshStatus()`). */
export type ConnectionStatusEvent = CustomEvent<ConnectionStatusDetail>;

/** The element's events by name. */
export interface BwellConnectEventMap {
  'connection-success': ConnectionSuccessEvent;
  'connection-failure': ConnectionFailureEvent;
  'connection-progress': ConnectionProgressEvent;
  'connection-status': ConnectionStatusEvent;
}

/** The element's events bubble and cross shadow roots, so a listener anywhere above sees them. */
const INIT = { bubbles: true, composed: true } as const;

/** The terminal event for an attempt's result: `connection-success` or `connection-failure`. */
export function resultEvent(result: ConnectionResult): CustomEvent<ConnectionResult> {
  const name = result.status === 'success' ? ConnectionEventName.Success : ConnectionEventName.Failure;
  return new CustomEvent(name, { ...INIT, detail: result });
}

/** The `connection-progress` event for a change of phase. */
export function progressEvent(detail: ConnectionProgressDetail): ConnectionProgressEvent {
  return new CustomEvent(ConnectionEventName.Progress, { ...INIT, detail });
}

/** The `connection-status` event for a change of what b.well shows. */
export function statusEvent(detail: ConnectionStatusDetail): ConnectionStatusEvent {
  return new CustomEvent(ConnectionEventName.Status, { ...INIT, detail });
}

declare global {
  // Types `addEventListener('connection-success', …)` on every element and on document and window.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends BwellConnectEventMap {}
}
