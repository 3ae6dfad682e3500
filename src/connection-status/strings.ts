// The strings the status capability shows, their defaults, and the status line they make. Replaced, like the
// element's others, through its `strings` property.
import type { ConnectionStatusInfo, MemberConnectionStatus } from './vocabulary.js';
import { MemberConnectionStatus as Status, SyncStatus, parseTimestamp } from './vocabulary.js';
import { overDefaults, readKey } from '../replacement-strings.js';

/** The strings `bwell-connect/status` shows; each is optional in the element's `strings`. */
export interface StatusStrings {
  /** The button's label when the connection is expired, disconnected, access_ended or error. */
  reconnect: string;
  /** The status line for each status (`none` included; an empty string shows nothing). */
  statuses: Record<MemberConnectionStatus, string>;
  /** The status line while b.well imports the member's records. */
  syncing: string;
  /** The status line once the records are imported; `{date}` becomes the date and time it ended. */
  synced: string;
  /** The status line when the import failed. */
  syncFailed: string;
}

/** The default (English) strings of `bwell-connect/status`. */
export const DEFAULT_STATUS_STRINGS: StatusStrings = {
  reconnect: 'Reconnect',
  statuses: {
    connected: 'Connected',
    expired: 'Access expired: reconnect to keep your records up to date.',
    disconnected: 'Disconnected: reconnect to get your records again.',
    access_ended: 'Access ended at the provider: reconnect to get your records again.',
    error: 'The connection has a problem: reconnect to fix it.',
    deleted: 'This connection was deleted.',
    none: '',
  },
  syncing: 'Importing your records…',
  synced: 'Records imported {date}',
  syncFailed: 'Your records could not be imported.',
};

/**
 * The status strings to show: each replacement in `custom` (the element's `strings`) that is a string, over the
 * defaults. Whatever `custom` holds (a Proxy that throws, numbers), what cannot be read as text is the default.
 */
export function readStatusStrings(custom: unknown): StatusStrings {
  const { statuses, ...texts } = DEFAULT_STATUS_STRINGS;
  return { ...overDefaults(texts, custom), statuses: overDefaults(statuses, readKey(custom, 'statuses')) };
}

/**
 * The status line for `info`: how the records' import goes once connected (`syncing`, `synced` with its date,
 * `syncFailed`), else the status's own line.
 */
export function statusLine(info: ConnectionStatusInfo, strings: StatusStrings, locale?: string): string {
  if (info.status === Status.Connected) {
    if (info.syncStatus === SyncStatus.Pending || info.syncStatus === SyncStatus.Retrieving) return strings.syncing;
    if (info.syncStatus === SyncStatus.Error) return strings.syncFailed;
    const synced = parseTimestamp(info.lastSynced);
    if (info.syncStatus === SyncStatus.Retrieved && synced !== undefined) {
      return strings.synced.replace('{date}', formatDate(synced, locale));
    }
  }
  return strings.statuses[info.status] ?? '';
}

/** A date and time in the page's language (the element's `lang`), or the browser's when that is no locale. */
function formatDate(ms: number, locale: string | undefined): string {
  const options = { dateStyle: 'medium', timeStyle: 'short' } as const;
  try {
    return new Intl.DateTimeFormat(locale || undefined, options).format(ms);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(ms);
  }
}
