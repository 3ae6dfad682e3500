// The terminal events an element fires (connection-success, connection-failure) as the browser tests record
// them and compare them: without what differs in every attempt, one by one, and with no second one.
import { expect } from '@open-wc/testing';
import { ConnectionStatus, type ConnectionResult } from '../../src/status.js';
import { waitFor } from './wait-for.js';

/** A result without what differs in every attempt (its id and duration), for exact comparisons. */
export type Reported = Omit<ConnectionResult, 'attemptId' | 'durationMs'>;

/** What `connection-failure` reports after `el.cancel()`, as {@link Reported}. */
export function cancelled(el: { connectionId: string }): Reported {
  return { connectionId: el.connectionId, status: ConnectionStatus.Aborted, message: 'cancel() was called.' };
}

/** A terminal event as a test compares it: its detail {@link Reported}, once its id and duration were checked. */
export interface RecordedEvent {
  type: string;
  bubbles: boolean;
  composed: boolean;
  detail: Reported;
  /** The event itself. */
  event: CustomEvent<ConnectionResult>;
}

/** The detail without its attempt id and duration, which every terminal event must carry. */
export function reported(detail: ConnectionResult): Reported {
  const { attemptId, durationMs, ...rest } = detail;
  expect(attemptId, 'detail.attemptId').to.match(/^[0-9a-f]{16}$/);
  expect(durationMs, 'detail.durationMs').to.be.a('number').and.at.least(0);
  return rest;
}

/** The connection events that reached a target, in order; `next()` returns them one by one, waiting if needed. */
export interface Recorder {
  events: Array<CustomEvent<ConnectionResult>>;
  /** Every detail so far, as {@link reported}. */
  details(): Reported[];
  next(timeout?: number): Promise<RecordedEvent>;
}

/** Records every connection event that reaches `target`. */
export function recordEvents(target: EventTarget): Recorder {
  const events: Array<CustomEvent<ConnectionResult>> = [];
  const record = (event: Event) => events.push(event as CustomEvent<ConnectionResult>);
  target.addEventListener('connection-success', record);
  target.addEventListener('connection-failure', record);
  let cursor = 0;
  return {
    events,
    details: () => events.map((event) => reported(event.detail)),
    async next(timeout?: number) {
      const index = cursor++;
      await waitFor(() => events.length > index, 'no connection event arrived', timeout);
      const event = events[index]!;
      const { type, bubbles, composed } = event;
      return { type, bubbles, composed, detail: reported(event.detail), event };
    },
  };
}
