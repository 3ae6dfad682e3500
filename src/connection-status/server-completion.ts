// completion="server": for an attempt whose provider the app shows itself (openUrl), b.well's record is the
// result. While the attempt runs, b.well is asked, when the page is shown or focused again and every few
// seconds, whether the connection was made since the attempt began; the attempt ends as a verified success
// when it was. complete() still works, the first answer wins, and the timeout still applies.
import type { AttemptContext } from '../attempt/contracts.js';
import { STATUS_DEFAULTS } from '../settings.js';
import { ConnectionStatus } from '../status.js';
import { connectedSince, type ConnectionStatusInfo } from './vocabulary.js';

/**
 * Asks b.well about `attempt` until it ends: `read` gets the connection as b.well shows it; `before` is what was
 * known of it when the attempt began. Every listener and timer hangs on the attempt's signal.
 */
export function confirmOnServer(
  attempt: AttemptContext,
  read: (signal: AbortSignal) => Promise<ConnectionStatusInfo>,
  before: ConnectionStatusInfo | undefined,
): void {
  const { signal, hostWindow, startedAt } = attempt;
  if (signal.aborted) return;
  let checking = false;
  let clearNext = () => {};
  const check = () => {
    if (checking || signal.aborted) return;
    checking = true;
    clearNext();
    read(signal)
      .then(
        (info) => {
          if (connectedSince(info, startedAt, before))
            attempt.settle({ status: ConnectionStatus.Success, verified: true });
        },
        // A failed check is no evidence either way: the next one may answer.
        () => undefined,
      )
      .finally(() => {
        checking = false;
        clearNext = attempt.after(STATUS_DEFAULTS.serverCompletionInterval, check);
      });
  };
  // The user coming back from the provider is the moment to ask, rather than the next periodic check.
  hostWindow.addEventListener('focus', check, { signal });
  globalThis.document?.addEventListener(
    'visibilitychange',
    () => {
      if (document.visibilityState === 'visible') check();
    },
    { signal },
  );
  clearNext = attempt.after(STATUS_DEFAULTS.serverCompletionInterval, check);
}
