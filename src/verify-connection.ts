import { requestMemberConnections, type ApiTarget, type MemberConnection } from './bwell-api.js';
import type { ConnectionVerifier } from './connect-flow.js';

/**
 * Checks with b.well's `getMemberConnections` whether `connectionId` was connected during the attempt: a
 * reading when it starts, and one per check. Only a change counts — a connection that was already
 * `CONNECTED`, with the same `statusUpdated`, is no evidence. A failed reading is no evidence either.
 */
export function memberConnectionVerifier(target: Omit<ApiTarget, 'signal'>, connectionId: string): ConnectionVerifier {
  let before: Promise<MemberConnection | null | undefined> = Promise.resolve(undefined);
  const read = (signal: AbortSignal) =>
    requestMemberConnections({ ...target, signal }).then((list) => list.find((item) => item.id === connectionId) ?? null);
  return {
    begin(signal) {
      before = read(signal).catch(() => undefined);
    },
    async check(signal) {
      const start = await before;
      if (start === undefined) return false;
      const now = await read(signal);
      return (
        now?.status === 'CONNECTED' &&
        (start === null || start.status !== 'CONNECTED' || start.statusUpdated !== now.statusUpdated)
      );
    },
  };
}
