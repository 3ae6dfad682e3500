// What the framework tests share: the calls a framework's event bindings made, and one click that must lead
// to exactly one of them.
import { expect, waitUntil } from '@open-wc/testing';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from '../../src/events.js';
import { realClick, settleTime } from '../support/e2e.js';

/** Either of the element's events, as a framework binding receives it. */
export type ConnectionEvent = ConnectionSuccessEvent | ConnectionFailureEvent;

/** The events each binding was called with. */
export interface Calls {
  successes: ConnectionEvent[];
  failures: ConnectionEvent[];
}

/**
 * Clicks the element with real input and waits for the one binding call the flow should make, then long
 * enough that a second would have arrived. Checks that only the binding for `status` was called, once, with
 * `connectionId` and `status`; returns its event.
 */
export async function clickForOneCall(el: Element, connectionId: string, calls: Calls, status: 'success' | 'error'): Promise<ConnectionEvent> {
  const [called, other] = status === 'success' ? [calls.successes, calls.failures] : [calls.failures, calls.successes];
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
