import {
  CALLBACK_CHANNEL,
  ConnectionStatus,
  POPUP_NONCE_KEY,
  outcomeFromChannelMessage,
  outcomeFromCode,
  outcomeFromMessage,
  statusCodeFromUrl,
  type ConnectionResult,
  type Outcome,
} from './status.js';

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
  readonly location: { readonly origin: string };
  readonly document: { hasFocus(): boolean };
  readonly sessionStorage?: Pick<Storage, 'setItem' | 'removeItem'>;
}

/** How an attempt shows the provider: a popup, the page itself, or a popup with the page as fallback. */
export type ConnectMode = 'popup' | 'redirect' | 'auto';

/**
 * Server-side evidence for a popup that reads as closed, which may only mean Cross-Origin-Opener-Policy
 * cut it off. `begin` takes a reading when the attempt starts; `check` says whether the connection was
 * made since then.
 */
export interface ConnectionVerifier {
  begin(signal: AbortSignal): void;
  check(signal: AbortSignal): Promise<boolean>;
}

/** The same-origin channel the callback-page helper reports on. */
export interface CallbackChannel {
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

/** Everything one attempt needs. */
export interface ConnectAttemptOptions {
  /** The connection id; echoed in the result. */
  connectionId: string;
  /** Gets the validated OAuth URL; rejects with an error whose message is safe to show. */
  requestUrl(signal: AbortSignal): Promise<URL>;
  /** Origins whose messages count, besides the page's own. */
  trustedOrigins: readonly string[];
  /** Ms without a result before the attempt ends as `timeout`. */
  timeout: number;
  /** Ms between reads of the popup's URL and of its `closed` flag. */
  pollInterval: number;
  /** The `window.open` features. */
  popupFeatures: string;
  /** Ms a result may still arrive after the popup reads as closed. */
  closeGrace?: number;
  /** `popup` (default), `redirect`, or `auto` (a popup, and the redirect when it is blocked). */
  mode?: ConnectMode;
  /** Leaves the page for the OAuth URL, in redirect mode; required for `redirect` and `auto`. */
  redirect?(url: URL, nonce: string): void;
  /** The native seam: hands the URL to the host app instead of opening a popup; it reports back with `complete()`. */
  openUrl?(url: URL): void;
  /** Asked before a closed popup is reported as `window_closed`. */
  verifier?: ConnectionVerifier;
  /** Opens the callback helper's channel (default: a BroadcastChannel, where the browser has one). */
  openChannel?(): CallbackChannel | undefined;
  /** Called once, synchronously, when the attempt ends; before `result` resolves. */
  onSettle?(result: ConnectionResult): void;
  /** The page's window (default: `window`). */
  hostWindow?: HostWindow;
  /** Timer functions (default: the global ones). */
  timers?: Timers;
}

/** How long a result may still arrive after the popup reads as closed (a message in flight, a last URL). */
export const DEFAULT_CLOSE_GRACE = 1000;

/** How often the server is asked again while a "closed" popup may still be open, cut off by COOP. */
export const VERIFY_INTERVAL = 2000;

/** How long one server check may take before it counts as no evidence. */
export const VERIFY_TIME_LIMIT = 3000;

/**
 * One connection attempt: opens the popup, watches every channel for the first valid result, and
 * settles exactly once. Every ending closes the popup and releases every listener and timer.
 */
export class ConnectAttempt {
  /** A random id for this attempt; names the popup window. */
  readonly nonce = randomNonce();
  /** Resolves with the result once the attempt ends; never rejects. */
  readonly result: Promise<ConnectionResult>;

  readonly #options: ConnectAttemptOptions;
  readonly #controller = new AbortController();
  readonly #hostWindow: HostWindow;
  readonly #timers: Timers;
  #resolve!: (result: ConnectionResult) => void;
  #popup: Window | null = null;
  #settled = false;
  #closedSeen = false;

  constructor(options: ConnectAttemptOptions) {
    this.#options = options;
    this.#hostWindow = options.hostWindow ?? window;
    this.#timers = options.timers ?? globalThis;
    this.result = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The connection id this attempt runs for. */
  get connectionId(): string {
    return this.#options.connectionId;
  }

  /** Whether the attempt has ended. */
  get settled(): boolean {
    return this.#settled;
  }

  /**
   * Opens the popup, synchronously, so the caller's user activation still counts (WebKit refuses a popup
   * opened after an await), then requests the URL and navigates the popup to it. In redirect mode, or in
   * auto mode with the popup blocked, the page itself goes to the URL; with `openUrl`, the host app does.
   */
  start(): this {
    const { mode = 'popup', openUrl, timeout, pollInterval } = this.#options;
    const signal = this.#controller.signal;
    let leave: ((url: URL) => void) | undefined;
    if (openUrl) {
      leave = (url) => openUrl(url);
    } else if (mode !== 'redirect') {
      this.#popup = this.#openPopup();
      if (!this.#popup && mode === 'popup') {
        this.#settle({
          status: ConnectionStatus.PopupBlocked,
          message: 'The browser blocked the popup: start the attempt from a click or key press, or allow popups for this site.',
        });
        return this;
      }
    }
    if (!this.#popup && !leave) {
      leave = (url) => {
        // Back from the provider by the back button, the page may be restored from the back-forward cache with
        // this attempt still running: the user gave up, so the attempt ends instead of waiting for its timeout.
        this.#hostWindow.addEventListener(
          'pageshow',
          (event) => {
            if (event.persisted) this.cancel('The user came back from the provider without a result.');
          },
          { signal },
        );
        this.#options.redirect?.(url, this.nonce);
      };
    }
    if (this.#popup) this.#watchPopup(pollInterval);
    this.#after(timeout, () =>
      this.#settle({ status: ConnectionStatus.Timeout, message: `No result within ${timeout} ms.` }),
    );
    this.#options.requestUrl(signal).then(
      (url) => {
        if (this.#settled) return;
        if (leave) leave(url);
        else this.#navigate(url);
      },
      (error: unknown) =>
        this.#settle({
          status: ConnectionStatus.RequestFailed,
          message: error instanceof Error ? error.message : 'The OAuth URL request failed.',
        }),
    );
    return this;
  }

  /** Ends the attempt as `aborted` and closes the popup. Does nothing once the attempt has ended. */
  cancel(message = 'The attempt was cancelled.'): void {
    this.#settle({ status: ConnectionStatus.Aborted, message });
  }

  /** Ends the attempt with a `status_code` obtained some other way (a native app's deep link, say). */
  complete(statusCode: string): void {
    this.#settle(outcomeFromCode(statusCode));
  }

  /** Brings the popup to the front. */
  focus(): void {
    try {
      this.#popup?.focus();
    } catch {
      // A popup cut off by Cross-Origin-Opener-Policy may refuse; nothing to do.
    }
  }

  #openPopup(): Window | null {
    const storage = this.#hostWindow.sessionStorage;
    try {
      // The popup gets a copy of sessionStorage as it opens: that is how the callback helper learns the nonce
      // even when COOP has cut the popup off and cleared its name. Removed at once, so the page keeps none.
      storage?.setItem(POPUP_NONCE_KEY, this.nonce);
      return this.#hostWindow.open('about:blank', `bwell-connect-${this.nonce}`, this.#options.popupFeatures);
    } catch {
      return null;
    } finally {
      try {
        storage?.removeItem(POPUP_NONCE_KEY);
      } catch {
        // Storage can be unavailable (privacy modes); the helper then reads the window name.
      }
    }
  }

  #watchPopup(pollInterval: number): void {
    const signal = this.#controller.signal;
    this.#hostWindow.addEventListener('message', (event) => this.#onMessage(event), { signal });
    const channel = (this.#options.openChannel ?? openBroadcastChannel)();
    if (channel) {
      channel.onmessage = (event) => {
        const outcome = outcomeFromChannelMessage(event.data, this.nonce);
        if (outcome) this.#settle(outcome);
      };
      signal.addEventListener('abort', () => channel.close(), { once: true });
    }
    this.#options.verifier?.begin(signal);
    this.#every(pollInterval, () => this.#poll());
  }

  #navigate(url: URL): void {
    if (this.#settled || !this.#popup) return;
    try {
      this.#popup.location.replace(url.href);
    } catch {
      this.#settle({ status: ConnectionStatus.WindowClosed, message: 'The popup could not be navigated; it may have been closed.' });
    }
  }

  #onMessage(event: MessageEvent): void {
    if (event.source !== this.#popup || !this.#isTrusted(event.origin)) return;
    const outcome = outcomeFromMessage(event.data, this.nonce);
    if (outcome) this.#settle(outcome);
  }

  #isTrusted(origin: string): boolean {
    return origin === this.#hostWindow.location.origin || this.#options.trustedOrigins.includes(origin);
  }

  #poll(): void {
    const popup = this.#popup;
    if (!popup) return;
    const code = readStatusCode(popup);
    if (code !== undefined) {
      this.#settle(outcomeFromCode(code));
    } else if (popup.closed && !this.#closedSeen) {
      // "closed" is a hint: a message may be in flight, or Cross-Origin-Opener-Policy cut the handle off.
      this.#closedSeen = true;
      this.#after(this.#options.closeGrace ?? DEFAULT_CLOSE_GRACE, () => {
        void this.#confirmClosed();
        // The user coming back to the page is the moment to decide, rather than the next periodic check.
        this.#hostWindow.addEventListener('focus', () => void this.#confirmClosed(), { signal: this.#controller.signal });
      });
    }
  }

  /**
   * Decides what a closed reading means. Without a verifier it is `window_closed`. With one, the server is
   * asked whether the connection was made during this attempt: yes is a success; no is `window_closed` once
   * the page has the focus back (the user left the popup), and otherwise the server is asked again when the
   * page regains the focus and every {@link VERIFY_INTERVAL} ms, since a popup cut off by COOP reads as
   * closed while the user is still in it.
   */
  async #confirmClosed(): Promise<void> {
    const { verifier } = this.#options;
    const closed = { status: ConnectionStatus.WindowClosed, message: 'The popup was closed before the connection finished.' };
    if (!verifier) return this.#settle(closed);
    // A check that fails or does not answer in time is no evidence, and no reason to keep the user waiting.
    const made = await new Promise<boolean>((resolve) => {
      const id = this.#after(VERIFY_TIME_LIMIT, () => resolve(false));
      const done = (answer: boolean) => {
        this.#timers.clearTimeout(id);
        resolve(answer);
      };
      verifier.check(this.#controller.signal).then(done, () => done(false));
    });
    if (this.#settled) return;
    if (made) {
      this.#settle({ status: ConnectionStatus.Success, message: 'b.well confirmed the connection after the popup lost contact.' });
    } else if (this.#hostWindow.document.hasFocus()) {
      this.#settle(closed);
    } else {
      this.#after(VERIFY_INTERVAL, () => void this.#confirmClosed());
    }
  }

  #settle(outcome: Outcome): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#controller.abort();
    if (this.#popup) closePopup(this.#popup);
    this.#popup = null;
    const result: ConnectionResult = Object.freeze({ connectionId: this.#options.connectionId, ...outcome });
    try {
      this.#options.onSettle?.(result);
    } finally {
      this.#resolve(result);
    }
  }

  #after(ms: number, callback: () => void): unknown {
    const id = this.#timers.setTimeout(callback, ms);
    this.#controller.signal.addEventListener('abort', () => this.#timers.clearTimeout(id), { once: true });
    return id;
  }

  #every(ms: number, callback: () => void): void {
    const id = this.#timers.setInterval(callback, ms);
    this.#controller.signal.addEventListener('abort', () => this.#timers.clearInterval(id), { once: true });
  }
}

/** When a close may not hold: WebKit undoes a close() that lands while the popup starts a navigation. */
const CLOSE_RETRIES = [100, 500, 1000];

/**
 * Closes the popup, and checks a few times that it stays closed. The checks are plain timers that hold
 * nothing but the handle and end within a second; they close again only a window that reads as open.
 */
function closePopup(popup: Window): void {
  const close = (onlyIfOpen: boolean) => {
    try {
      if (!onlyIfOpen || !popup.closed) popup.close();
    } catch {
      // Closing can throw on a severed handle; the window is no longer ours to manage.
    }
  };
  close(false);
  for (const ms of CLOSE_RETRIES) setTimeout(() => close(true), ms);
}

/** The popup's `status_code`, when its URL is readable (our own origin) and carries one. */
function readStatusCode(popup: Window): string | undefined {
  try {
    return statusCodeFromUrl(popup.location.href);
  } catch {
    // Expected while the popup shows another origin.
    return undefined;
  }
}

function openBroadcastChannel(): CallbackChannel | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(CALLBACK_CHANNEL) : undefined;
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
