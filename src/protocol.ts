// Both ends of the protocol between an attempt and the pages it opens: the popup's window name, the nonce that
// ties a result to its attempt, the callback helper's message and channel, and the storage keys and records.
// The attempt, its presenters and the callback helper (on the popup's own page) all read it from here.
import { ConnectionStatus, outcomeFromCode, type Outcome } from './status.js';

/** The BroadcastChannel the callback-page helper reports on; it still works when COOP cut the opener. */
export const CALLBACK_CHANNEL = 'bwell-connect';

/** The message type the callback-page helper posts. */
export const CALLBACK_MESSAGE_TYPE = 'bwell-connect:status';

/** The sessionStorage key that hands the attempt's nonce to its popup (a popup gets a copy of it as it opens). */
export const POPUP_NONCE_KEY = 'bwell-connect:popup-nonce';

/** The message the callback-page helper posts to the opener and on the BroadcastChannel. */
export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  /** The attempt's nonce, read from the popup's sessionStorage copy or its window name. */
  nonce: string;
  statusCode: string;
}

const NONCE_BYTES = 16;
const NONCE_PATTERN = /^[0-9a-f]{32}$/;
const WINDOW_NAME_PREFIX = 'bwell-connect-';

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** A new nonce: what tells this attempt's results from every other's. */
export function newNonce(): string {
  return randomHex(NONCE_BYTES);
}

/** Whether `value` has a nonce's form. */
export function isNonce(value: unknown): value is string {
  return typeof value === 'string' && NONCE_PATTERN.test(value);
}

/** The popup's window name, which carries the nonce to the callback page when its storage copy is gone. */
export function popupWindowName(nonce: string): string {
  return WINDOW_NAME_PREFIX + nonce;
}

/** The nonce in a popup's window name, if it is one of ours. */
export function nonceFromWindowName(name: string): string | undefined {
  const nonce = name.startsWith(WINDOW_NAME_PREFIX) ? name.slice(WINDOW_NAME_PREFIX.length) : undefined;
  return isNonce(nonce) ? nonce : undefined;
}

/**
 * Reads `status_code` from a URL. Returns `undefined` when there is none; when the parameter is repeated
 * the first one counts, as `URLSearchParams.get` does.
 */
export function statusCodeFromUrl(url: string | URL): string | undefined {
  try {
    return new URL(url).searchParams.get('status_code') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Drops every `status_code` parameter and leaves the rest of the query exactly as it was written. */
export function withoutStatusCode(href: string): string {
  const url = new URL(href);
  // Each part decoded as URLSearchParams decodes it, so what statusCodeFromUrl read is what goes.
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !new URLSearchParams(part).has('status_code'));
  url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return url.href;
}

/**
 * Maps a BroadcastChannel message to an outcome: only a {@link CallbackMessage} carrying this attempt's
 * `nonce` counts (the channel reaches every tab of the origin, so the nonce is what tells attempts apart).
 */
export function outcomeFromChannelMessage(data: unknown, nonce: string): Outcome | undefined {
  return isCallbackMessage(data) && data.nonce === nonce ? outcomeFromCode(data.statusCode) : undefined;
}

/**
 * Maps a message's data to an outcome, or `undefined` when it is not one of the accepted forms:
 * b.well's exact strings `status-success` / `status-failure`, or a {@link CallbackMessage} carrying
 * `nonce`. Everything else (other widgets' messages, other casings, padding) is not ours.
 */
export function outcomeFromMessage(data: unknown, nonce?: string): Outcome | undefined {
  if (data === 'status-success') return { status: ConnectionStatus.Success };
  if (data === 'status-failure') return { status: ConnectionStatus.Error, message: 'b.well reported status-failure.' };
  return nonce === undefined ? undefined : outcomeFromChannelMessage(data, nonce);
}

function isCallbackMessage(data: unknown): data is CallbackMessage {
  if (typeof data !== 'object' || data === null) return false;
  const record: Partial<Record<keyof CallbackMessage, unknown>> = data;
  return (
    record.type === CALLBACK_MESSAGE_TYPE && typeof record.nonce === 'string' && typeof record.statusCode === 'string'
  );
}

/** A connection as b.well's `getMemberConnections` showed it: the baseline a later reading is compared with. */
export interface ConnectionReading {
  /** b.well's status, e.g. `CONNECTED`. */
  status: string;
  /** b.well's timestamp of the status's last change. */
  statusUpdated?: string | null;
}

/** What redirect mode records before the page leaves for the provider. */
export interface RedirectRecord {
  nonce: string;
  /** The attempt's id and start (ms since the epoch), so its result keeps them on the page it returns to. */
  attemptId: string;
  startedAt: number;
  /** When the attempt times out (ms since the epoch). */
  expiresAt: number;
  /** The connection before the page left (`null`: the member had none), for `verify-success`; absent when unknown. */
  baseline?: ConnectionReading | null;
}

/** The sessionStorage key of a redirect attempt for `connectionId`. */
export function redirectRecordKey(connectionId: string): string {
  return `bwell-connect:redirect:${connectionId}`;
}

/** A stored redirect record, or `undefined` when `raw` is not a well-formed one. */
export function parseRedirectRecord(raw: string | null): RedirectRecord | undefined {
  let record: Partial<Record<keyof RedirectRecord, unknown>>;
  try {
    record = raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { nonce, attemptId, startedAt, expiresAt, baseline } = record;
  if (
    !isNonce(nonce) ||
    typeof attemptId !== 'string' ||
    typeof startedAt !== 'number' ||
    typeof expiresAt !== 'number'
  ) {
    return undefined;
  }
  return { nonce, attemptId, startedAt, expiresAt, baseline: asReading(baseline) };
}

/** A reading as b.well's strings, `null` for "no such connection", `undefined` for anything else (no evidence). */
export function asReading(value: unknown): ConnectionReading | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object' || value === undefined) return undefined;
  const { status, statusUpdated }: { status?: unknown; statusUpdated?: unknown } = value;
  if (typeof status !== 'string') return undefined;
  return { status, statusUpdated: typeof statusUpdated === 'string' ? statusUpdated : null };
}
