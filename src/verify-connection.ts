import { requestMemberConnections, type ApiTarget } from './bwell-api.js';
import type { ConnectionVerifier } from './attempt/contracts.js';
import { asReading, type ConnectionReading } from './protocol.js';

/**
 * Checks with b.well's `getMemberConnections` whether `connectionId` was connected during the attempt: a
 * reading when it starts (or the one recorded before a redirect), and one per check. Only a change counts: a
 * connection that was already `CONNECTED`, with the same `statusUpdated`, is no evidence. A failed reading, or
 * one that is not b.well's strings, is no evidence either.
 */
export function memberConnectionVerifier(target: Omit<ApiTarget, 'signal'>, connectionId: string): ConnectionVerifier {
  let before: Promise<ConnectionReading | null | undefined> = Promise.resolve(undefined);
  const read = (signal: AbortSignal) =>
    requestMemberConnections({ ...target, signal }).then((list) => {
      const found = list.find((item) => item.id === connectionId);
      return found === undefined ? null : asReading(found);
    });
  return {
    begin(signal, baseline) {
      before = baseline === undefined ? read(signal).catch(() => undefined) : Promise.resolve(baseline);
    },
    baseline: () => before,
    async check(signal) {
      const start = await before;
      if (start === undefined) return false;
      return connectedSince(start, await read(signal));
    },
  };
}

/** Whether `now` shows the connection made since `start` (`null`: the member had no such connection). */
export function connectedSince(start: ConnectionReading | null, now: ConnectionReading | null | undefined): boolean {
  if (now?.status !== 'CONNECTED') return false;
  if (start === null || start.status !== 'CONNECTED') return true;
  return typeof start.statusUpdated === 'string' && typeof now.statusUpdated === 'string'
    ? start.statusUpdated !== now.statusUpdated
    : false;
}
