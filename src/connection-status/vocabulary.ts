// What b.well says of a connection, as the element reports it: b.well's status and syncStatus in lower case
// (plus `none`: the member has no such connection), the info every `connection-status` event and
// `refreshStatus()` carry, and the reading of b.well's timestamps. No Lit, no requests.
import type { MemberConnection } from '../bwell-api.js';

/** A connection's status at b.well, in lower case; `none` when the member has no such connection. */
export const MemberConnectionStatus = {
  Connected: 'connected',
  Expired: 'expired',
  Disconnected: 'disconnected',
  AccessEnded: 'access_ended',
  Error: 'error',
  Deleted: 'deleted',
  None: 'none',
} as const;

/**
 * One of the {@link MemberConnectionStatus} values. A status b.well adds later comes through in lower case as
 * it is.
 */
export type MemberConnectionStatus = (typeof MemberConnectionStatus)[keyof typeof MemberConnectionStatus];

/** How the import of the member's records stands at b.well, in lower case. */
export const SyncStatus = {
  Pending: 'pending',
  Retrieving: 'retrieving',
  Retrieved: 'retrieved',
  Error: 'error',
  Deleting: 'deleting',
  DataDeleted: 'data_deleted',
} as const;

/** One of the {@link SyncStatus} values. */
export type SyncStatus = (typeof SyncStatus)[keyof typeof SyncStatus];

/** A connection as b.well shows it: what `refreshStatus()` resolves to and `connection-status` carries. */
export interface ConnectionStatusInfo {
  connectionId: string;
  status: MemberConnectionStatus;
  /** b.well's timestamp of the status's last change, as b.well wrote it. */
  statusUpdated?: string;
  syncStatus?: SyncStatus;
  /** b.well's timestamp of the last completed import, as b.well wrote it. */
  lastSynced?: string;
}

/** The statuses that make the button a reconnect: b.well's way back is the same OAuth flow. */
export const RECONNECTABLE: readonly MemberConnectionStatus[] = [
  MemberConnectionStatus.Expired,
  MemberConnectionStatus.Disconnected,
  MemberConnectionStatus.AccessEnded,
  MemberConnectionStatus.Error,
];

/** The info for `connectionId` from b.well's entry (`null`: the member has none). */
export function statusInfo(connectionId: string, entry: MemberConnection | null): ConnectionStatusInfo {
  if (entry === null) return { connectionId, status: MemberConnectionStatus.None };
  const info: ConnectionStatusInfo = { connectionId, status: entry.status.toLowerCase() as MemberConnectionStatus };
  if (typeof entry.statusUpdated === 'string') info.statusUpdated = entry.statusUpdated;
  if (typeof entry.syncStatus === 'string') info.syncStatus = entry.syncStatus.toLowerCase() as SyncStatus;
  if (typeof entry.lastSynced === 'string') info.lastSynced = entry.lastSynced;
  return info;
}

/** Whether two infos say the same thing (so no `connection-status` event is due). */
export function sameInfo(a: ConnectionStatusInfo | undefined, b: ConnectionStatusInfo): boolean {
  return (
    a !== undefined &&
    a.connectionId === b.connectionId &&
    a.status === b.status &&
    a.statusUpdated === b.statusUpdated &&
    a.syncStatus === b.syncStatus &&
    a.lastSynced === b.lastSynced
  );
}

/** Whether the records are still on their way: connected, and the import pending or running. */
export function isImporting(info: ConnectionStatusInfo): boolean {
  return (
    info.status === MemberConnectionStatus.Connected &&
    (info.syncStatus === SyncStatus.Pending || info.syncStatus === SyncStatus.Retrieving)
  );
}

/** Whether the import is over: connected, and the records retrieved or failed. */
export function isImported(info: ConnectionStatusInfo): boolean {
  return (
    info.status === MemberConnectionStatus.Connected &&
    (info.syncStatus === SyncStatus.Retrieved || info.syncStatus === SyncStatus.Error)
  );
}

/**
 * b.well's timestamp in ms since the epoch; one without a zone (b.well writes them so) is UTC. `undefined`
 * when it is not a date.
 */
export function parseTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Whether `now` shows the connection made since an attempt began at `startedAt` (ms since the epoch): connected
 * with a `statusUpdated` later than that; or, b.well's clock aside, connected where the reading taken before the
 * attempt (`before`) was not, or was with another `statusUpdated`.
 */
export function connectedSince(now: ConnectionStatusInfo, startedAt: number, before?: ConnectionStatusInfo): boolean {
  if (now.status !== MemberConnectionStatus.Connected) return false;
  const updated = parseTimestamp(now.statusUpdated);
  if (updated !== undefined && updated > startedAt) return true;
  if (before === undefined || before.connectionId !== now.connectionId) return false;
  return before.status !== MemberConnectionStatus.Connected || before.statusUpdated !== now.statusUpdated;
}
