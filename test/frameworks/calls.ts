// What the framework tests share: the calls a framework's event bindings made, and one click that must lead
// to exactly one of them.
import { expect, waitUntil } from '@open-wc/testing';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from '../../src/events.js';
import { realClick, settleTime } from '../support/e2e.js';

/** Either of the element's events, as a framework binding receives it. */
export type ConnectionEvent = ConnectionSuccessEvent | ConnectionFailureEvent;

/** The events each binding was called with. */
export interface Calls {
  successes: ConnectionEvent[];
  failures: ConnectionEvent[];
}

/** An element a framework rendered, with the calls of its event bindings, and how to take it all down. */
export interface Mounted extends Calls {
  el: BwellConnectElement;
  connectionId: string;
  remove(): void;
}

/**
 * Clicks the element with real input and waits for the one binding call the flow should make, then long
 * enough that a second would have arrived. Checks that only the binding for `status` was called, once, with
 * `connectionId` and `status`; returns its event.
 */
export async function clickForOneCall(
  { el, connectionId, successes, failures }: Omit<Mounted, 'remove'>,
  status: 'success' | 'error',
): Promise<ConnectionEvent> {
  const [called, other] = status === 'success' ? [successes, failures] : [failures, successes];
  await realClick(el);
  await waitUntil(() => called.length > 0, 'no binding call', { timeout: 15_000, interval: 20 });
  await settleTime(800);
  expect(called).to.have.length(1);
  expect(other).to.have.length(0);
  const event = called[0]!;
  expect(event.type).to.equal(status === 'success' ? 'connection-success' : 'connection-failure');
  if (status === 'success') expect(event.detail).to.deep.equal({ connectionId, status });
  else expect(event.detail).to.deep.include({ connectionId, status });
  return event;
}
