import { outcomeFromCode, statusCodeFromUrl, type Outcome } from './status.js';

const KEY_PREFIX = 'bwell-connect:redirect:';

/** How long a pending redirect attempt may wait for the user to come back. */
export const REDIRECT_MAX_AGE = 60 * 60 * 1000;

/** What redirect mode records before the page leaves for the provider. */
interface PendingRedirect {
  nonce: string;
  startedAt: number;
}

/** Records the pending attempt in sessionStorage, then leaves the page for the provider's URL. */
export function leaveForRedirect(connectionId: string, url: URL, nonce: string): void {
  const pending: PendingRedirect = { nonce, startedAt: Date.now() };
  sessionStorage.setItem(KEY_PREFIX + connectionId, JSON.stringify(pending));
  location.assign(url.href);
}

/**
 * The result of a redirect attempt for `connectionId`, when this page is its return: the URL carries
 * `status_code` and a pending record exists (and is younger than {@link REDIRECT_MAX_AGE}). The record is
 * consumed, and `status_code` alone is removed from the address bar. A `status_code` without a record
 * (a bookmark, a shared link) yields nothing, so a result is never replayed; a record without a
 * `status_code` (the user came back with the back button) is dropped.
 */
export function takeRedirectResult(connectionId: string): Outcome | undefined {
  const code = statusCodeFromUrl(location.href);
  // Back on the page without a result (the back button): the attempt was abandoned, so its record goes too.
  const pending = consume(KEY_PREFIX + connectionId);
  if (code === undefined) return undefined;
  if (!pending || Date.now() - pending.startedAt > REDIRECT_MAX_AGE) return undefined;
  history.replaceState(history.state, '', withoutStatusCode(location.href));
  return outcomeFromCode(code);
}

function consume(key: string): PendingRedirect | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    const pending = raw ? (JSON.parse(raw) as Partial<PendingRedirect>) : undefined;
    return typeof pending?.nonce === 'string' && typeof pending.startedAt === 'number'
      ? { nonce: pending.nonce, startedAt: pending.startedAt }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Drops every `status_code` parameter and leaves the rest of the query exactly as it was written. */
export function withoutStatusCode(href: string): string {
  const url = new URL(href);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && decodeName(part.split('=')[0]!) !== 'status_code');
  url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return url.href;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
