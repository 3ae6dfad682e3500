import { newNonce, randomHex, type RedirectRecord } from '../protocol.js';
import { DEFAULTS } from '../settings.js';
import { ConnectionStatus, ReportedError, outcomeFromCode, type ConnectionResult, type Outcome } from '../status.js';
import type {
  AttemptContext,
  AttemptOptions,
  AttemptPhase,
  HostWindow,
  PageStorage,
  Presenter,
  PresenterChoice,
  PresenterPhase,
  Timers,
} from './contracts.js';
import { nativePresenter } from './native.js';
import { popupPresenter } from './popup.js';
import { redirectPresenter } from './redirect.js';

/**
 * One connection attempt: shows the provider, watches for the first valid result, and settles exactly
 * once. Every ending, a thrown error included, closes the popup and releases every listener and timer.
 */
export class ConnectAttempt implements AttemptContext {
  /** A random id that ties results to this attempt; names the popup window and the redirect record. */
  readonly nonce = newNonce();
  readonly attemptId: string = randomHex(8);
  readonly startedAt: number = Date.now();
  /** Resolves with the result once the attempt ends with one; never rejects. */
  readonly result: Promise<ConnectionResult>;
  readonly options: AttemptOptions;
  readonly hostWindow: HostWindow;
  readonly timers: Timers;
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  #resolve: (result: ConnectionResult) => void = () => undefined;
  #phase: AttemptPhase = 'opening';
  #presenter: Presenter | undefined;

  constructor(options: AttemptOptions, resumed?: Pick<RedirectRecord, 'attemptId' | 'startedAt'>) {
    this.options = options;
    this.hostWindow = options.hostWindow ?? window;
    this.timers = options.timers ?? globalThis;
    if (resumed) ({ attemptId: this.attemptId, startedAt: this.startedAt } = resumed);
    this.result = new Promise((resolve) => (this.#resolve = resolve));
  }

  get connectionId(): string {
    return this.options.connectionId;
  }

  get phase(): AttemptPhase {
    return this.#phase;
  }

  get settled(): boolean {
    return this.#phase === 'settled';
  }

  get storage(): PageStorage | undefined {
    try {
      return this.hostWindow.sessionStorage ?? undefined;
    } catch {
      return undefined;
    }
  }

  enter(phase: PresenterPhase): void {
    if (!this.settled && this.#phase !== 'confirming-success') this.#setPhase(phase);
  }

  #setPhase(phase: AttemptPhase): void {
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.options.onPhase?.(phase);
  }

  after(ms: number, callback: () => void): () => void {
    const { signal, timers } = this;
    if (signal.aborted) return () => undefined;
    const clear = () => timers.clearTimeout(id);
    const id = timers.setTimeout(() => {
      signal.removeEventListener('abort', clear);
      callback();
    }, ms);
    signal.addEventListener('abort', clear, { once: true });
    return clear;
  }

  every(ms: number, callback: () => void): void {
    const id = this.timers.setInterval(callback, ms);
    this.signal.addEventListener('abort', () => this.timers.clearInterval(id), { once: true });
  }

  checkServer(limit: number): Promise<boolean> {
    const { verifier } = this.options;
    if (!verifier) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const clear = this.after(limit, () => resolve(false));
      const done = (made: boolean) => {
        clear();
        resolve(made);
      };
      verifier.check(this.signal).then(done, () => done(false));
    });
  }

  /**
   * Picks the presenter (a popup opens here, synchronously, so the caller's user activation still counts:
   * WebKit refuses a popup opened after an await: on the URL when it is at hand, else blank), arms the timeout,
   * requests the URL unless it is at hand, and hands it over.
   * Never throws: whatever goes wrong ends the attempt with its cause.
   */
  start(): this {
    const { timeout } = this.options;
    try {
      this.options.onPhase?.(this.#phase);
      const choice = this.#pickPresenter();
      if (choice.kind === 'refused') {
        this.settle(choice.outcome);
        return this;
      }
      this.#presenter = choice.presenter;
      this.after(timeout, () =>
        this.settle({ status: ConnectionStatus.Timeout, message: `No result within ${timeout} ms.` }),
      );
      const { url } = this.options;
      if (url) {
        this.#show(url);
        return this;
      }
      this.#setPhase('requesting-url');
      this.options.requestUrl(this.signal).then(
        (requested) => this.#show(requested),
        // Its contract: a rejection's message is written to be shown.
        (error: unknown) =>
          this.settle({
            status: ConnectionStatus.RequestFailed,
            message: error instanceof Error ? error.message : 'The OAuth URL request failed.',
          }),
      );
    } catch (error) {
      this.#fail(error, 'The attempt could not start.');
    }
    return this;
  }

  /**
   * Ends, on the page a redirect attempt came back to, with the outcome it brought: through b.well's
   * confirmation with `verifySuccess`, against the baseline recorded before the page left.
   */
  resume(outcome: Outcome, baseline: RedirectRecord['baseline']): this {
    if (baseline !== undefined) this.options.verifier?.begin(this.signal, baseline);
    this.settle(outcome);
    return this;
  }

  /** Ends the attempt as `aborted` and closes the popup, at once, even while a success is being confirmed. */
  cancel(message = 'The attempt was cancelled.'): void {
    this.settle({ status: ConnectionStatus.Aborted, message }, true);
  }

  /** Ends the attempt with a `status_code` obtained some other way (a native app's deep link, say). */
  complete(statusCode: string): void {
    this.settle(outcomeFromCode(statusCode));
  }

  /** The element's document is going away (a navigation, a removed iframe), not on purpose as in redirect mode. */
  documentUnloaded(): void {
    if (this.#phase !== 'leaving') this.cancel('The page was unloaded during the attempt.');
  }

  focus(): void {
    this.#presenter?.focus?.();
  }

  #pickPresenter(): PresenterChoice {
    const { mode = DEFAULTS.mode, openUrl } = this.options;
    if (openUrl) return { kind: 'presenter', presenter: nativePresenter(this, openUrl) };
    if (mode === 'redirect') return redirectPresenter(this);
    const popup = popupPresenter(this);
    if (popup.kind === 'presenter' || mode !== 'auto') return popup;
    // The page itself as the fallback; without storage for it, the blocked popup is the cause to report.
    const redirect = redirectPresenter(this);
    return redirect.kind === 'presenter' ? redirect : popup;
  }

  #show(url: URL): void {
    if (this.settled) return;
    try {
      this.#presenter?.show(url);
    } catch (error) {
      this.#fail(error, 'The provider could not be shown.');
    }
  }

  /** Ends the attempt for a thrown error, with its message only when it was written to be shown. */
  #fail(error: unknown, fallback: string): void {
    const message = error instanceof ReportedError ? error.message : fallback;
    this.settle({ status: ConnectionStatus.RequestFailed, message });
  }

  /**
   * The one way out: ends the attempt, closes what the presenter opened, releases everything, reports once.
   * `final` skips the confirmation of a success with `verifySuccess`: b.well's own answers and `cancel()`.
   * While b.well is asked to confirm a success, only a final outcome ends the attempt.
   */
  settle(outcome: Outcome, final = outcome.verified === true): void {
    if (this.settled || (this.#phase === 'confirming-success' && !final)) return;
    if (outcome.status === ConnectionStatus.Success && !final && this.options.verifySuccess) {
      this.#confirmSuccess();
      return;
    }
    const result: ConnectionResult = Object.freeze({
      connectionId: this.options.connectionId,
      ...(outcome.status === ConnectionStatus.Success && this.options.successDetail),
      ...outcome,
      attemptId: this.attemptId,
      durationMs: Math.max(0, Date.now() - this.startedAt),
    });
    try {
      this.#end(() => this.options.onSettle?.(result));
    } finally {
      this.#resolve(result);
    }
  }

  release(): void {
    if (!this.settled) this.#end();
  }

  #end(report?: () => void): void {
    this.#phase = 'settled';
    this.#controller.abort();
    try {
      this.#presenter?.end?.();
    } finally {
      this.options.onPhase?.('settled');
      report?.();
    }
  }

  /** Asks b.well about a success reported from the page's side, for up to `confirmSuccessTime` ms. */
  #confirmSuccess(): void {
    this.#setPhase('confirming-success');
    const { confirmSuccessTime, confirmRetryInterval } = DEFAULTS;
    const unconfirmed = () =>
      this.settle({ status: ConnectionStatus.Error, message: 'b.well did not confirm the connection.' }, true);
    if (!this.options.verifier) {
      unconfirmed();
      return;
    }
    this.after(confirmSuccessTime, unconfirmed);
    const check = () => {
      void this.checkServer(confirmSuccessTime).then((made) => {
        if (made) this.settle({ status: ConnectionStatus.Success, verified: true });
        else this.after(confirmRetryInterval, check);
      });
    };
    check();
  }
}
