import {
  parseRedirectRecord,
  redirectRecordKey,
  statusCodeFromUrl,
  withoutStatusCode,
  type RedirectRecord,
} from '../protocol.js';
import { DEFAULTS } from '../settings.js';
import { ConnectionStatus, outcomeFromCode, type Outcome } from '../status.js';
import type { AttemptContext, PresenterChoice } from './contracts.js';

/**
 * Redirect mode: the page itself goes to the provider, and b.well's custom redirect brings the user back to
 * it with `status_code` ({@link takeRedirectResult} reports it there). The attempt is recorded in
 * sessionStorage first (with b.well's reading of the connection, for `verifySuccess`), and the record is
 * removed on every ending of the attempt in this document. Refused when the page cannot use sessionStorage,
 * since the result could not be matched to an attempt.
 */
export function redirectPresenter(context: AttemptContext): PresenterChoice {
  const { options, nonce, attemptId, startedAt, hostWindow, signal, storage } = context;
  const key = redirectRecordKey(options.connectionId);
  const record: RedirectRecord = { nonce, attemptId, startedAt, expiresAt: Date.now() + options.timeout };
  const isOurs = () => parseRedirectRecord(storage?.getItem(key) ?? null)?.nonce === nonce;
  /** Writes the record; `false` when the storage refuses (full, blocked). */
  const store = (value: RedirectRecord) => {
    try {
      storage?.setItem(key, JSON.stringify(value));
      return storage !== undefined;
    } catch {
      return false;
    }
  };
  if (!store(record)) {
    const message = 'Redirect mode needs sessionStorage, which this page cannot use.';
    return { kind: 'refused', outcome: { status: ConnectionStatus.RequestFailed, message } };
  }
  const { verifier } = options;
  const confirming = options.verifySuccess && verifier;
  if (confirming) verifier.begin(signal);
  // Restored from the back-forward cache: with its record still here, the user came back by the back button
  // and gave up; without it, a later page already took the result and reported it, so nothing is reported.
  hostWindow.addEventListener(
    'pageshow',
    (event) => {
      if (!event.persisted) return;
      if (isOurs()) {
        context.settle({
          status: ConnectionStatus.Aborted,
          message: 'The user came back from the provider without a result.',
        });
      } else {
        context.release();
      }
    },
    { signal },
  );
  const navigate = (url: URL) => {
    try {
      hostWindow.location.assign(url.href);
      return true;
    } catch {
      return false;
    }
  };
  const leave = (url: URL, baseline: RedirectRecord['baseline']) => {
    if (signal.aborted) return;
    if (!store({ ...record, baseline }) || !navigate(url)) {
      context.settle({ status: ConnectionStatus.RequestFailed, message: 'The page could not leave for the provider.' });
      return;
    }
    context.after(DEFAULTS.leaveTimeLimit, () =>
      context.settle({
        status: ConnectionStatus.Aborted,
        message: `The page did not leave for the provider within ${DEFAULTS.leaveTimeLimit} ms (a beforeunload prompt, or no page at the URL).`,
      }),
    );
  };
  const presenter = {
    show(url: URL) {
      context.enter('leaving');
      if (!confirming || !verifier.baseline) {
        leave(url, undefined);
        return;
      }
      // The baseline must travel with the record: the page that comes back confirms against it.
      let done = false;
      const go = (baseline: RedirectRecord['baseline']) => {
        if (done) return;
        done = true;
        leave(url, baseline);
      };
      context.after(DEFAULTS.verifyTimeLimit, () => go(undefined));
      verifier.baseline().then(go, () => go(undefined));
    },
    end() {
      try {
        if (isOurs()) storage?.removeItem(key);
      } catch {
        // Storage went away since; the record's expiry still bounds it.
      }
    },
  };
  return { kind: 'presenter', presenter };
}

/** A redirect attempt's result, on the page b.well sent the user back to. */
export interface RedirectReturn {
  outcome: Outcome;
  record: RedirectRecord;
}

/**
 * The result of a redirect attempt for `connectionId`, when this page is its return: the URL carries
 * `status_code` and a well-formed record of an attempt that has not timed out exists. The record is
 * consumed, and `status_code` alone is removed from the address bar. A `status_code` without a record
 * (a bookmark, a shared link, a site sending the tab here) yields nothing, so a result is never replayed; a
 * record without a `status_code` (the user came back with the back button) is dropped.
 */
export function takeRedirectResult(connectionId: string): RedirectReturn | undefined {
  const page = (pageReturn ??= readPageReturn());
  const key = redirectRecordKey(connectionId);
  if (!page.pending.delete(key)) return undefined;
  let record: RedirectRecord | undefined;
  try {
    record = parseRedirectRecord(sessionStorage.getItem(key));
    sessionStorage.removeItem(key);
  } catch {
    return undefined;
  }
  if (page.code === undefined || !record || Date.now() > record.expiresAt) return undefined;
  history.replaceState(history.state, '', withoutStatusCode(location.href));
  return { outcome: outcomeFromCode(page.code), record };
}

/** What this page could be the return of: read once per page, however many elements ask. */
let pageReturn: { code: string | undefined; pending: Set<string> } | undefined;

/** The page's `status_code` and the keys of the redirect records in its sessionStorage. */
function readPageReturn(): { code: string | undefined; pending: Set<string> } {
  const pending = new Set<string>();
  const prefix = redirectRecordKey('');
  try {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key?.startsWith(prefix)) pending.add(key);
    }
  } catch {
    // No storage: no redirect attempt can have left a record.
  }
  return { code: statusCodeFromUrl(location.href), pending };
}
