import { storageOf, type AttemptContext, type Presenter, type Refusal } from './connect-flow.js';
import { ConnectionStatus, ReportedError, outcomeFromCode, statusCodeFromUrl, type Outcome } from './status.js';

const KEY_PREFIX = 'bwell-connect:redirect:';

/**
 * How long the page may stay after it was sent to the provider. A page that is still here did not leave:
 * a `beforeunload` prompt was answered "Stay", or the URL answered with no page (204, a download).
 */
export const LEAVE_TIME_LIMIT = 5000;

/** What redirect mode records before the page leaves for the provider: the attempt and when it times out. */
interface PendingRedirect {
  nonce: string;
  expiresAt: number;
}

/**
 * Redirect mode: the page itself goes to the provider, and b.well's custom redirect brings the user back to
 * it with `status_code` ({@link takeRedirectResult} reports it there). The attempt is recorded in
 * sessionStorage first, and the record is removed on every ending of the attempt in this document. Refuses
 * at once when the page cannot use sessionStorage, since the result could not be matched to an attempt.
 */
export function redirectPresenter(context: AttemptContext): Presenter | Refusal {
  const { options, nonce, hostWindow, signal } = context;
  const key = KEY_PREFIX + options.connectionId;
  const storage = storageOf(hostWindow);
  const record = JSON.stringify({ nonce, expiresAt: Date.now() + options.timeout } satisfies PendingRedirect);
  try {
    storage!.setItem(key, record);
  } catch {
    return {
      status: ConnectionStatus.RequestFailed,
      message: 'Redirect mode needs sessionStorage, which this page cannot use.',
    };
  }
  // Back from the provider by the back button, the page may be restored from the back-forward cache with this
  // attempt still running: the user gave up, so the attempt ends instead of waiting for its timeout.
  hostWindow.addEventListener(
    'pageshow',
    (event) => {
      if (event.persisted) context.settle({ status: ConnectionStatus.Aborted, message: 'The user came back from the provider without a result.' });
    },
    { signal },
  );
  return {
    show(url) {
      try {
        storage!.setItem(key, record);
        context.enter('leaving');
        hostWindow.location.assign(url.href);
      } catch {
        throw new ReportedError('The page could not leave for the provider.');
      }
      context.after(LEAVE_TIME_LIMIT, () =>
        context.settle({
          status: ConnectionStatus.Aborted,
          message: `The page did not leave for the provider within ${LEAVE_TIME_LIMIT} ms (a beforeunload prompt, or no page at the URL).`,
        }),
      );
    },
    end() {
      try {
        if (readRecord(storage!.getItem(key))?.nonce === nonce) storage!.removeItem(key);
      } catch {
        // Storage went away since; the record's expiry still bounds it.
      }
    },
  };
}

/**
 * The result of a redirect attempt for `connectionId`, when this page is its return: the URL carries
 * `status_code` and a well-formed record of an attempt that has not timed out exists. The record is
 * consumed, and `status_code` alone is removed from the address bar. A `status_code` without a record
 * (a bookmark, a shared link, a site sending the tab here) yields nothing, so a result is never replayed; a
 * record without a `status_code` (the user came back with the back button) is dropped.
 */
export function takeRedirectResult(connectionId: string): Outcome | undefined {
  const code = statusCodeFromUrl(location.href);
  let pending: PendingRedirect | undefined;
  try {
    const key = KEY_PREFIX + connectionId;
    pending = readRecord(sessionStorage.getItem(key));
    sessionStorage.removeItem(key);
  } catch {
    return undefined;
  }
  if (code === undefined || !pending || Date.now() > pending.expiresAt) return undefined;
  history.replaceState(history.state, '', withoutStatusCode(location.href));
  return outcomeFromCode(code);
}

function readRecord(raw: string | null): PendingRedirect | undefined {
  try {
    const record = raw ? (JSON.parse(raw) as Partial<PendingRedirect>) : undefined;
    return typeof record?.nonce === 'string' && /^[0-9a-f]{32}$/.test(record.nonce) && typeof record.expiresAt === 'number'
      ? (record as PendingRedirect)
      : undefined;
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
