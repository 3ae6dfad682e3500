import { popupPresenter } from './popup.js';
import { redirectPresenter } from './redirect.js';
import { ConnectionStatus, ReportedError, outcomeFromCode, type ConnectionResult, type Outcome } from './status.js';

/** The timer functions an attempt uses; tests pass fake ones. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

/** The parts of the page's window an attempt touches; tests pass a fake. */
export interface HostWindow {
  open(url: string, target: string, features: string): Window | null;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void, options: AddEventListenerOptions): void;
  addEventListener(type: 'focus', listener: () => void, options: AddEventListenerOptions): void;
  addEventListener(type: 'pageshow', listener: (event: PageTransitionEvent) => void, options: AddEventListenerOptions): void;
  readonly location: { readonly origin: string; readonly href: string; assign(url: string): void };
  readonly document: { hasFocus(): boolean };
  /** May throw (blocked cookies, a sandbox) or be missing: every use is guarded. */
  readonly sessionStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** How an attempt shows the provider: a popup, the page itself, or a popup with the page as fallback. */
export type ConnectMode = 'popup' | 'redirect' | 'auto';

/**
 * The phases of one attempt, in order; `leaving` replaces `at-provider` when the page or a native app shows
 * the provider, and any phase can end in `settled`, which is final.
 */
export type AttemptPhase =
  | 'opening'
  | 'requesting-url'
  | 'at-provider'
  | 'confirming-close'
  | 'confirming-success'
  | 'leaving'
  | 'settled';

/** Whether b.well made the connection since `begin`: a closed reading may only mean COOP cut the popup off. */
export interface ConnectionVerifier {
  begin(signal: AbortSignal): void;
  check(signal: AbortSignal): Promise<boolean>;
}

/** The same-origin channel the callback-page helper reports on. */
export interface CallbackChannel {
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export interface ConnectAttemptOptions {
  connectionId: string;
  /** Gets the validated OAuth URL; rejects with an error whose message is safe to show. */
  requestUrl(signal: AbortSignal): Promise<URL>;
  /** Origins whose messages count, besides the page's own. */
  trustedOrigins: readonly string[];
  timeout: number;
  pollInterval: number;
  popupFeatures: string;
  /** Ms a result may still arrive after the popup reads as closed. */
  closeGrace?: number;
  mode?: ConnectMode;
  /** The native seam: hands the URL to the host app instead of opening a popup; it reports back with `complete()`. */
  openUrl?(url: URL): void;
  /** Asked before a closed popup is reported as `window_closed`, and before a success with `verifySuccess`. */
  verifier?: ConnectionVerifier;
  /** A success from the page's side (a message, a URL, the callback helper) counts only once `verifier` confirms it. */
  verifySuccess?: boolean;
  /** Opens the callback helper's channel (default: a BroadcastChannel, where the browser has one). */
  openChannel?(): CallbackChannel | undefined;
  /** Called once, synchronously, when the attempt ends; before `result` resolves. */
  onSettle?(result: ConnectionResult): void;
  hostWindow?: HostWindow;
  timers?: Timers;
}

/** One way of showing the provider; it releases what it opened in `end`, its listeners through the signal. */
export interface Presenter {
  /** Shows the provider's URL; a throw ends the attempt as `request_failed` with the message given. */
  show(url: URL): void;
  /** Brings the provider's window forward, where there is one. */
  focus?(): void;
  /** Releases what `signal` does not: closes the popup, forgets the redirect record. */
  end?(result: ConnectionResult): void;
}

/** What a presenter may use of its attempt. */
export interface AttemptContext {
  readonly options: ConnectAttemptOptions;
  readonly nonce: string;
  readonly hostWindow: HostWindow;
  readonly timers: Timers;
  readonly signal: AbortSignal;
  readonly phase: AttemptPhase;
  enter(phase: AttemptPhase): void;
  /** Ends the attempt (a success b.well has not confirmed, with `verifySuccess`, once b.well does). */
  settle(outcome: Outcome): void;
  /** A timeout cleared when the attempt settles; returns its own clear. */
  after(ms: number, callback: () => void): () => void;
  /** An interval cleared when the attempt settles. */
  every(ms: number, callback: () => void): void;
}

/** A presenter that cannot be used: the attempt ends at once with this outcome. */
export type Refusal = Outcome;

/**
 * One connection attempt: shows the provider, watches for the first valid result, and settles exactly
 * once. Every ending, a thrown error included, closes the popup and releases every listener and timer.
 */
export class ConnectAttempt implements AttemptContext {
  /** A random id for this attempt; names the popup window and the redirect record. */
  readonly nonce = randomNonce();
  /** Resolves with the result once the attempt ends; never rejects. */
  readonly result: Promise<ConnectionResult>;
  readonly options: ConnectAttemptOptions;
  readonly hostWindow: HostWindow;
  readonly timers: Timers;
  readonly #controller = new AbortController();
  /** Aborted when the attempt settles: every listener and timer of the attempt hangs on it. */
  readonly signal: AbortSignal = this.#controller.signal;
  #resolve!: (result: ConnectionResult) => void;
  #phase: AttemptPhase = 'opening';
  #presenter: Presenter | undefined;

  constructor(options: ConnectAttemptOptions) {
    this.options = options;
    this.hostWindow = options.hostWindow ?? window;
    this.timers = options.timers ?? globalThis;
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

  enter(phase: AttemptPhase): void {
    if (!this.settled) this.#phase = phase;
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

  /**
   * Picks the presenter (a popup opens here, synchronously, so the caller's user activation still counts:
   * WebKit refuses a popup opened after an await), arms the timeout, requests the URL and hands it over.
   * Never throws: whatever goes wrong ends the attempt with its cause.
   */
  start(): this {
    const { timeout } = this.options;
    try {
      const presenter = this.#pickPresenter();
      if ('status' in presenter) return this.settle(presenter), this;
      this.#presenter = presenter;
      this.after(timeout, () => this.settle({ status: ConnectionStatus.Timeout, message: `No result within ${timeout} ms.` }));
      this.enter('requesting-url');
      this.options.requestUrl(this.signal).then(
        (url) => this.#show(url),
        // Its contract: a rejection's message is written to be shown.
        (error: unknown) => this.settle({ status: ConnectionStatus.RequestFailed, message: error instanceof Error ? error.message : 'The OAuth URL request failed.' }),
      );
    } catch (error) {
      this.#fail(error, 'The attempt could not start.');
    }
    return this;
  }

  /** Ends the attempt as `aborted` and closes the popup. Does nothing once the attempt has ended. */
  cancel(message = 'The attempt was cancelled.'): void {
    this.settle({ status: ConnectionStatus.Aborted, message });
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

  #pickPresenter(): Presenter | Refusal {
    const { mode = 'popup', openUrl } = this.options;
    if (openUrl) return nativePresenter(this, openUrl);
    if (mode === 'redirect') return redirectPresenter(this);
    const popup = popupPresenter(this);
    if (!('status' in popup) || mode !== 'auto') return popup;
    // The page itself as the fallback; without storage for it, the blocked popup is the cause to report.
    const redirect = redirectPresenter(this);
    return 'status' in redirect ? popup : redirect;
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
    this.settle({ status: ConnectionStatus.RequestFailed, message: error instanceof ReportedError ? error.message : fallback });
  }

  /**
   * The one way out: ends the attempt, closes what the presenter opened, releases everything, reports once.
   * `final` skips the confirmation of a success with `verifySuccess` (b.well's own answers are final).
   */
  settle(outcome: Outcome, final = outcome.verified === true): void {
    // While b.well is asked to confirm a success, nothing else ends the attempt but the answer.
    if (this.settled || (this.#phase === 'confirming-success' && !final)) return;
    if (outcome.status === ConnectionStatus.Success && !final && this.options.verifySuccess) return this.#confirmSuccess();
    this.#phase = 'settled';
    this.#controller.abort();
    const result: ConnectionResult = Object.freeze({ connectionId: this.options.connectionId, ...outcome });
    try {
      this.#presenter?.end?.(result);
      this.options.onSettle?.(result);
    } finally {
      this.#resolve(result);
    }
  }

  /** Asks b.well about a success reported from the page's side, for up to {@link CONFIRM_SUCCESS_TIME}. */
  #confirmSuccess(): void {
    this.#phase = 'confirming-success';
    const { verifier } = this.options;
    const unconfirmed = () => this.settle({ status: ConnectionStatus.Error, message: 'b.well did not confirm the connection.' }, true);
    if (!verifier) return unconfirmed();
    this.after(CONFIRM_SUCCESS_TIME, unconfirmed);
    const check = () =>
      void checkWithin(this, verifier, CONFIRM_SUCCESS_TIME).then((made) =>
        made ? this.settle({ status: ConnectionStatus.Success, verified: true }) : this.after(CONFIRM_RETRY_INTERVAL, check),
      );
    check();
  }
}

/** How long b.well is given to show a reported success in `getMemberConnections` (its own lag). */
export const CONFIRM_SUCCESS_TIME = 5000;
const CONFIRM_RETRY_INTERVAL = 1000;

/** A verifier's answer, `false` for a failure or for no answer within `limit` ms (no evidence either way). */
export function checkWithin(context: AttemptContext, verifier: ConnectionVerifier, limit: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const clear = context.after(limit, () => resolve(false));
    const done = (made: boolean) => (clear(), resolve(made));
    verifier.check(context.signal).then(done, () => done(false));
  });
}


/** The native seam: the host app shows the URL and reports back through `complete()`. */
function nativePresenter(context: AttemptContext, openUrl: (url: URL) => void): Presenter {
  return {
    show(url) {
      context.enter('leaving');
      try {
        openUrl(url);
      } catch {
        // The app's own error may quote the URL, which can carry secrets: only the fact is reported.
        throw new ReportedError('The openUrl function threw.');
      }
    },
  };
}

/** The page's sessionStorage, or `undefined` where reading it throws (blocked cookies, a sandbox). */
export function storageOf(hostWindow: HostWindow): HostWindow['sessionStorage'] {
  try {
    return hostWindow.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
