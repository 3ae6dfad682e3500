// The contracts of an attempt, types only: the seams it touches (the page's window, timers, storage), the phases,
// what a presenter gets and gives. The attempt and its presenters import them; nothing here imports them back.
import type { ConnectionReading } from '../protocol.js';
import type { ConnectionResult, Outcome } from '../status.js';

/** The timer functions an attempt uses; tests pass fake ones. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

/** The page's sessionStorage, as far as an attempt uses it. */
export type PageStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The parts of the page's window an attempt touches; tests pass a fake. */
export interface HostWindow {
  open(url: string, target: string, features: string): Window | null;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void, options: AddEventListenerOptions): void;
  addEventListener(type: 'focus', listener: () => void, options: AddEventListenerOptions): void;
  addEventListener(
    type: 'pageshow',
    listener: (event: PageTransitionEvent) => void,
    options: AddEventListenerOptions,
  ): void;
  readonly location: { readonly origin: string; readonly href: string; assign(url: string): void };
  readonly document: { hasFocus(): boolean };
  /** May throw (blocked cookies, a sandbox) or be missing: read it through the context's `storage`. */
  readonly sessionStorage?: PageStorage;
}

/** How an attempt shows the provider: a popup, the page itself, or a popup with the page as fallback. */
export type ConnectMode = 'popup' | 'redirect' | 'auto';

/**
 * The phases of one attempt, in order: `opening` (picking the presenter; a popup opens here), `requesting-url`,
 * then `at-provider` (a popup shows it) or `leaving` (the page itself or a native app shows it),
 * `confirming-close` (the popup reads as closed: a late result or b.well may still say otherwise),
 * `confirming-success` (b.well is asked to confirm a reported success), and `settled`, which is final.
 */
export type AttemptPhase =
  'opening' | 'requesting-url' | 'at-provider' | 'leaving' | 'confirming-close' | 'confirming-success' | 'settled';

/** The phases a presenter may enter; the attempt itself sets the others. */
export type PresenterPhase = Extract<AttemptPhase, 'at-provider' | 'leaving' | 'confirming-close'>;

/** Whether b.well made the connection since `begin`: a closed reading may only mean COOP cut the popup off. */
export interface ConnectionVerifier {
  /** Takes the reading later checks compare with, or adopts one taken earlier (before a redirect). */
  begin(signal: AbortSignal, baseline?: ConnectionReading | null): void;
  /** The reading `begin` took: `null` when the member had no such connection, `undefined` when unknown. */
  baseline?(): Promise<ConnectionReading | null | undefined>;
  /** Whether b.well shows the connection made since the baseline; a failed reading is no evidence. */
  check(signal: AbortSignal): Promise<boolean>;
}

/** The same-origin channel the callback helper reports on. */
export interface CallbackChannel {
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

/** What an attempt is given. */
export interface AttemptOptions {
  connectionId: string;
  /** Gets the validated OAuth URL; rejects with an error whose message is safe to show. */
  requestUrl(signal: AbortSignal): Promise<URL>;
  /** The validated OAuth URL when it is already at hand (fetched on the press that led to this click). */
  url?: URL;
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
  /** What a success's result carries besides its outcome (`previousStatus`, from `bwell-connect/status`). */
  successDetail?: Pick<ConnectionResult, 'previousStatus'>;
  /** Called on every change of phase, `settled` included. */
  onPhase?(phase: AttemptPhase): void;
  /** Called once, synchronously, when the attempt ends with a result to report; before `result` resolves. */
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
  /** Releases what the signal does not: closes the popup, forgets the redirect record. */
  end?(): void;
}

/** A presenter, or why none can be used (the attempt then ends at once with that outcome). */
export type PresenterChoice = { kind: 'presenter'; presenter: Presenter } | { kind: 'refused'; outcome: Outcome };

/** What a presenter may use of its attempt. */
export interface AttemptContext {
  readonly options: AttemptOptions;
  readonly nonce: string;
  readonly attemptId: string;
  /** When the attempt started, in ms since the epoch. */
  readonly startedAt: number;
  readonly hostWindow: HostWindow;
  readonly timers: Timers;
  /** Aborted when the attempt ends: every listener and timer of the attempt hangs on it. */
  readonly signal: AbortSignal;
  readonly phase: AttemptPhase;
  /** The page's sessionStorage, or `undefined` where the page cannot use it (blocked cookies, a sandbox). */
  readonly storage: PageStorage | undefined;
  /** Moves to a phase; ignored once the attempt is confirming a success or has ended. */
  enter(phase: PresenterPhase): void;
  /** Ends the attempt (a success b.well has not confirmed, with `verifySuccess`, once b.well does). */
  settle(outcome: Outcome): void;
  /** Ends the attempt without reporting anything: another page already reported it (the back-forward cache). */
  release(): void;
  /** A timeout cleared when the attempt ends; returns its own clear. */
  after(ms: number, callback: () => void): () => void;
  /** An interval cleared when the attempt ends. */
  every(ms: number, callback: () => void): void;
  /** Whether b.well shows the connection made during this attempt; `false` without an answer within `limit` ms. */
  checkServer(limit: number): Promise<boolean>;
}
