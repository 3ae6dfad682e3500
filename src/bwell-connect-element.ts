import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ConnectAttempt } from './attempt/connect-attempt.js';
import type { AttemptOptions, AttemptPhase, ConnectMode } from './attempt/contracts.js';
import { takeRedirectResult, type RedirectReturn } from './attempt/redirect.js';
import {
  defaultTrustedOrigins,
  requestOauthUrl,
  resolveEndpoint,
  resolveToken,
  type AccessToken,
} from './bwell-api.js';
import type { StatusHooks } from './connection-status/contracts.js';
import type { StatusStrings } from './connection-status/strings.js';
import type { ConnectionStatusInfo, MemberConnectionStatus } from './connection-status/vocabulary.js';
import { progressEvent, resultEvent, type ConnectPhase } from './events.js';
import { randomHex } from './protocol.js';
import { readKey } from './replacement-strings.js';
import { DEFAULTS, parseEndpoint, parseMode, parseNumber, parseOrigins, parsePopupFeatures } from './settings.js';
import { ConnectionStatus, ReportedError, type ConnectionResult } from './status.js';
import { memberConnectionVerifier } from './verify-connection.js';

/** The element's visible phase, reflected as its `state` attribute. */
export type ConnectState = 'idle' | 'working' | 'succeeded' | 'failed';

/** Every string the element shows or announces; replace any of them through the `strings` property. */
export interface BwellConnectStrings {
  /** The button's label when the default slot is empty. */
  connect: string;
  /** Announced while the OAuth URL is requested. */
  requesting: string;
  /** Announced while the provider's window is open. */
  waiting: string;
  /** Announced after a success. */
  connected: string;
  /** Announced after a failure, before the reason. */
  failed: string;
  /** The reason announced for each failure status. */
  reasons: Record<Exclude<ConnectionStatus, 'success'>, string>;
}

/** The default (English) strings. */
export const DEFAULT_STRINGS: BwellConnectStrings = {
  connect: 'Connect',
  requesting: 'Connecting…',
  waiting: 'Waiting for the provider window…',
  connected: 'Connected',
  failed: 'Connection failed',
  reasons: {
    error: 'the provider or b.well reported an error.',
    cancelled: 'access was denied.',
    expired: 'the session expired; please try again.',
    unauthorized: 'a security check failed; please try again.',
    popup_blocked: 'the browser blocked the popup window.',
    window_closed: 'the window was closed before finishing.',
    timeout: 'it took too long; please try again.',
    request_failed: 'the connection could not be started.',
    aborted: 'it was cancelled.',
  },
};

/**
 * Number settings as attributes: a number when the attribute is one, else the text as written, so that an
 * empty or mistyped attribute gets the default with a warning that quotes it (Lit's Number converter makes
 * `""` a 0).
 */
function numberAttribute(value: string | null): number | string | null {
  const number = Number(value);
  return value === null || value.trim() === '' || Number.isNaN(number) ? value : number;
}

/**
 * Connects a user's health records through b.well: asks b.well's GraphQL API for the provider's OAuth URL,
 * opens it in a popup, and reports how it ended with one `connection-success` or `connection-failure` event.
 *
 * @attr {ConnectState} state - Reflects {@link BwellConnectElement.state} for styling: idle, working, succeeded or failed.
 * @attr {ConnectPhase} phase - Reflects {@link BwellConnectElement.phase}: idle, or the running attempt's phase.
 * @attr {MemberConnectionStatus} connection-status - Reflects {@link BwellConnectElement.connectionStatus}, once known (`bwell-connect/status`).
 * @attr {SyncStatus} sync-status - The import of the member's records at b.well, once known: pending, retrieving, retrieved, error, … (`bwell-connect/status`).
 *
 * @summary A button that connects a b.well data connection through OAuth.
 *
 * @fires {ConnectionSuccessEvent} connection-success - The attempt succeeded. `detail: { connectionId, status: 'success', attemptId, durationMs, verified? }`.
 * @fires {ConnectionFailureEvent} connection-failure - The attempt failed. `detail: { connectionId, status, message?, attemptId, durationMs }`.
 * @fires {ConnectionProgressEvent} connection-progress - The phase changed. `detail: { connectionId, phase }`.
 * @fires {ConnectionStatusEvent} connection-status - What b.well shows of the connection changed (`bwell-connect/status`). `detail: { connectionId, status, statusUpdated?, syncStatus?, lastSynced?, lateSuccess? }`.
 *
 * @slot - The button's label (default: "Connect").
 *
 * @csspart button - The native button.
 * @csspart spinner - The busy indicator shown while working (a check takes its place after a success).
 * @csspart status - The polite live region that announces progress and results.
 *
 * @cssprop --bwell-connect-background - The button's background.
 * @cssprop --bwell-connect-color - The button's text colour.
 * @cssprop --bwell-connect-border - The button's border.
 * @cssprop --bwell-connect-radius - The button's corner radius.
 * @cssprop --bwell-connect-padding - The button's padding.
 * @cssprop --bwell-connect-font - The button's font.
 * @cssprop --bwell-connect-focus-ring - The outline colour of the focused button.
 * @cssprop --bwell-connect-status-color - The colour of the status text.
 */
export class BwellConnectElement extends LitElement {
  /** @internal */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = css`
    :host {
      display: inline-flex;
      flex-direction: column;
      align-items: start;
      gap: 0.25rem;
      min-width: 16rem;
      color-scheme: light dark;
      --_accent: #0b5cad;
      --_on-accent: #fff;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 0.5em;
      font: var(--bwell-connect-font, 600 1rem/1.25 system-ui, sans-serif);
      padding: var(--bwell-connect-padding, 0.6em 1.2em);
      color: var(--bwell-connect-color, var(--_on-accent));
      background: var(--bwell-connect-background, var(--_accent));
      border: var(--bwell-connect-border, 1px solid transparent);
      border-radius: var(--bwell-connect-radius, 0.5em);
      cursor: pointer;
    }
    button:hover:not(:disabled) {
      filter: brightness(1.1);
    }
    button:focus-visible {
      outline: 3px solid var(--bwell-connect-focus-ring, var(--_accent));
      outline-offset: 2px;
    }
    button:disabled {
      cursor: not-allowed;
      opacity: 0.55;
    }
    /* The icon's place is kept in every state, so the button's width never changes; its twin after the label
       keeps the label centred. */
    .icon,
    button::after {
      display: grid;
      place-items: center;
      width: 1em;
      height: 1em;
    }
    button::after {
      content: '';
    }
    [part='spinner'] {
      width: 1em;
      height: 1em;
      box-sizing: border-box;
      border: 2px solid;
      border-right-color: transparent;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    .check {
      width: 0.3em;
      height: 0.6em;
      margin-top: -0.15em;
      border: solid;
      border-width: 0 0.15em 0.15em 0;
      transform: rotate(45deg);
    }
    /* Its length never widens the element, and two lines are kept for it, so the element's box (and its
       neighbours, beside and below) stays put: it wraps within the element's width. */
    [part='status'] {
      width: 0;
      min-width: 100%;
      font: 0.875rem/1.3 system-ui, sans-serif;
      color: var(--bwell-connect-status-color, inherit);
      min-height: 2.6em;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part='spinner'] {
        animation-duration: 3s;
      }
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --_accent: #7cb8f2;
        --_on-accent: #0b1a2a;
      }
    }
  `;

  // Reactive properties are declared here, and their fields below with `declare`, their defaults in
  // PROPERTY_DEFAULTS: a class field would shadow Lit's accessor under standard [[Define]] semantics (the default
  // of esbuild, Vite and tsc for ES2022), and decorators would cost the bundle their helpers.
  static override properties = {
    connectionId: { attribute: 'connection-id' },
    endpoint: {},
    accessToken: { attribute: false },
    trustedOrigins: { attribute: 'trusted-origins' },
    timeout: { converter: numberAttribute },
    pollInterval: { attribute: 'poll-interval', converter: numberAttribute },
    requestTimeout: { attribute: 'request-timeout', converter: numberAttribute },
    verifySuccess: { type: Boolean, attribute: 'verify-success' },
    popupFeatures: { attribute: 'popup-features' },
    mode: {},
    noServerCheck: { type: Boolean, attribute: 'no-server-check' },
    openUrl: { attribute: false },
    disabled: { type: Boolean, reflect: true },
    strings: { attribute: false },
    showStatus: { type: Boolean, attribute: 'show-status' },
  };

  /**
   * The b.well connection to establish; without it the button is disabled and nothing is requested.
   * @default ''
   */
  declare connectionId: string;

  /**
   * The GraphQL endpoint: b.well's, or the integrator's backend proxy (a relative URL is resolved against the page).
   * @default 'https://api.client-sandbox.icanbwell.com/v1/graphql'
   */
  declare endpoint: string;

  /**
   * The user's b.well access token: a string, or a function returning one (or a Promise of one), called once
   * per attempt. Sent only as `Authorization: Bearer …`; never read from or written to an attribute.
   */
  declare accessToken: AccessToken | undefined;

  /**
   * Origins whose completion messages count besides the page's own: an array, or a string separated by spaces or
   * commas. The default is b.well's completion origin for an `api.<env>.icanbwell.com` endpoint, else none.
   */
  declare trustedOrigins: string[] | string | undefined;

  /**
   * Ms without a result before the attempt ends as `timeout` and the popup is closed (1 000 … 2^31−1).
   * @default 300000
   */
  declare timeout: number;

  /**
   * Ms between reads of the popup's URL (and of its closed flag) (50 … 10 000).
   * @default 500
   */
  declare pollInterval: number;

  /**
   * Ms the access token and the OAuth URL request together may take before `request_failed` (1 000 … 2^31−1).
   * @default 30000
   */
  declare requestTimeout: number;

  /**
   * Confirms every success reported from the page's side (a message, a URL, the callback helper, a redirect's
   * return, `complete()`) with b.well's `getMemberConnections` before `connection-success`; unconfirmed within
   * 5 s, the attempt ends as `error`.
   * @default false
   */
  declare verifySuccess: boolean;

  /**
   * The `window.open` features of the popup.
   * @default 'width=500,height=600,scrollbars=yes'
   */
  declare popupFeatures: string;

  /**
   * How the provider is shown: `popup` (default); `redirect`, the page itself goes there and reports the result when
   * b.well brings the user back; `auto`, a popup, or the redirect when the popup is blocked.
   * @default 'popup'
   */
  declare mode: ConnectMode;

  /**
   * Skips asking `getMemberConnections` before reporting `window_closed`, for endpoints that cannot answer it.
   * @default false
   */
  declare noServerCheck: boolean;

  /**
   * The seam for hybrid and native apps: when set, `connect()` hands the OAuth URL to this function instead
   * of opening a popup (to open it in SFSafariViewController or a Custom Tab, say), and the app reports the
   * deep link's `status_code` back with `complete()`.
   */
  declare openUrl: ((url: string) => void) | undefined;

  /**
   * Disables the button; a running attempt goes on.
   * @default false
   */
  declare disabled: boolean;

  /**
   * Replacements for any of the visible and announced strings (merged over {@link DEFAULT_STRINGS}, and over
   * `DEFAULT_STATUS_STRINGS` of `bwell-connect/status` for the status strings).
   * @default {}
   */
  declare strings: Partial<BwellConnectStrings & StatusStrings>;

  /**
   * Reads the connection's status from b.well's `getMemberConnections` and shows it: when the element is in a
   * document with a `connection-id` and an `accessToken`, when either changes, after every attempt, and when
   * the page is shown again (at most every 30 s). Default off: it makes requests before any click. Needs
   * the `bwell-connect/status` entry (or its script); without it, it only warns.
   */
  declare showStatus: boolean | undefined;

  /**
   * `server` (the property, or the `completion` attribute): with `openUrl` set, an attempt also asks b.well
   * (when the page is shown or focused again, and every 5 s) whether the connection was made since it began,
   * and succeeds, `verified`, when it was, without waiting for `complete()`. Read as each attempt starts.
   * Needs the `bwell-connect/status` entry.
   */
  declare completion: 'server' | undefined;

  /**
   * The connection's status at b.well, reflected as the `connection-status` attribute: `connected`, `expired`,
   * `disconnected`, `access_ended`, `error`, `deleted`, or `none` (the member has no such connection);
   * `undefined` until known. A failed read keeps the last one. With `bwell-connect/status`.
   */
  declare readonly connectionStatus: MemberConnectionStatus | undefined;

  /**
   * Reads the connection's status from b.well now, with or without `show-status`; resolves with what b.well
   * shows, rejects when the read fails. With `bwell-connect/status`.
   */
  declare refreshStatus: () => Promise<ConnectionStatusInfo>;

  /** What `bwell-connect/status` adds; unset without it. @internal */
  declare static status: StatusHooks | undefined;

  constructor() {
    super();
    this.strings = {};
    // On the host, with one function for every instance, rather than bound in the template: each binding would be
    // a Lit part and a closure that every idle element keeps (`node bench/scale.mjs`).
    for (const type of ['pointerdown', 'keydown', 'click']) this.addEventListener(type, BwellConnectElement.#onButton);
  }

  /** The host's listener (`this` is the element) for what happens on its button: a press, or a click. */
  static #onButton(this: BwellConnectElement, event: Event): void {
    const button = this.shadowRoot?.querySelector('button');
    if (!button || !event.composedPath().includes(button)) return;
    if (event.type === 'click') void this.connect();
    else this.#press(event);
  }

  /**
   * Wraps each accessor Lit defined so that an unset property reads as its default (see {@link PROPERTY_DEFAULTS}).
   * Here rather than in an override of `getPropertyDescriptor`, which Lit's development build warns about on every
   * page that loads the element.
   */
  protected static override finalize(): void {
    if (Object.hasOwn(this, 'finalized')) return;
    super.finalize();
    for (const [name, fallback] of Object.entries(PROPERTY_DEFAULTS)) {
      const descriptor = Object.getOwnPropertyDescriptor(this.prototype, name);
      const get = descriptor?.get;
      if (!get) continue;
      Object.defineProperty(this.prototype, name, {
        ...descriptor,
        get(this: BwellConnectElement): unknown {
          return get.call(this) ?? fallback;
        },
      });
    }
  }

  #attempt: ConnectAttempt | undefined;
  #pressed: Pressed | undefined;
  #lastResult: ConnectionResult | undefined;
  /** The phase the last `connection-progress` announced. */
  #announcedPhase: ConnectPhase = 'idle';

  /** The element's phase, reflected as the `state` attribute; `succeeded` and `failed` are the last attempt's. */
  get state(): ConnectState {
    if (this.#attempt) return 'working';
    if (!this.#lastResult) return 'idle';
    return this.#lastResult.status === ConnectionStatus.Success ? 'succeeded' : 'failed';
  }

  /**
   * Where the element stands, reflected as the `phase` attribute: `idle` when no attempt runs, else the running
   * attempt's phase (`opening`, `requesting-url`, `at-provider`, `leaving`, `confirming-close`,
   * `confirming-success`). Every change fires `connection-progress`.
   */
  get phase(): ConnectPhase {
    const phase = this.#attempt?.phase;
    return phase === undefined || phase === 'settled' ? 'idle' : phase;
  }

  /**
   * Starts an attempt exactly as a click does: the popup opens synchronously, so call it from a user gesture.
   * During an attempt it focuses the popup and returns that attempt's promise. Resolves with the event's
   * `detail`, on success and failure alike; never rejects.
   */
  connect(): Promise<ConnectionResult> {
    if (this.#attempt) {
      this.#attempt.focus();
      return this.#attempt.result;
    }
    try {
      // Properties a page set before the element was defined count in this very task, not only after Lit's update.
      if (this.isUpdatePending) this.performUpdate();
      if (!this.#read('connectionId')) {
        return this.#endWithoutAttempt(ConnectionStatus.RequestFailed, 'Set connection-id before connecting.');
      }
      if (this.#read('disabled')) return this.#endWithoutAttempt(ConnectionStatus.Aborted, 'The element is disabled.');
      const attempt = new ConnectAttempt(this.#takePressed() ?? this.#attemptOptions());
      this.#attempt = attempt;
      this.#watchDocument(attempt);
      BwellConnectElement.status?.attempt(this, attempt, (result) => this.#report(result, true));
      return attempt.start().result;
    } catch (error) {
      // Whatever a setting or the browser throws ends this call, not the page's click handler.
      this.#attempt?.release();
      this.#attempt = undefined;
      const message = error instanceof ReportedError ? error.message : 'The attempt could not start.';
      return this.#endWithoutAttempt(ConnectionStatus.RequestFailed, message);
    }
  }

  /** A setting's value; a getter that throws (a page's own accessor) becomes an error that names it. */
  #read<K extends keyof BwellConnectProperties>(name: K): this[K] {
    try {
      return this[name];
    } catch {
      throw new ReportedError(`Reading the ${name} property threw.`);
    }
  }

  /** Whether the button can start an attempt: a connection id, and not disabled (whatever the getters do). */
  #usable(): boolean {
    return readSafely(() => !this.disabled && Boolean(this.connectionId)) === true;
  }

  /** What an attempt of this element is given: every setting read and checked once, here. */
  #attemptOptions(): AttemptOptions {
    // Frameworks bind `undefined` for a prop they drop: that means the default, not a URL named "undefined".
    // Checked before the token is read: it is only ever sent to an https (or loopback) endpoint.
    const endpoint = resolveEndpoint(parseEndpoint(this.#read('endpoint')));
    const connectionId = String(this.#read('connectionId'));
    const openUrl = this.#read('openUrl');
    const verifySuccess = this.#read('verifySuccess') === true;
    const deadline = parseNumber('requestTimeout', this.#read('requestTimeout'));
    const token = resolveToken(this.#read('accessToken'));
    token.catch(() => undefined); // Reported through the URL request; this only keeps it from going unhandled.
    const target = { endpoint, token, deadline };
    const options: AttemptOptions = {
      connectionId,
      mode: parseMode(this.#read('mode')),
      trustedOrigins: parseOrigins(this.#read('trustedOrigins')) ?? defaultTrustedOrigins(endpoint),
      timeout: parseNumber('timeout', this.#read('timeout')),
      pollInterval: parseNumber('pollInterval', this.#read('pollInterval')),
      popupFeatures: parsePopupFeatures(this.#read('popupFeatures')),
      requestUrl: (signal) => requestOauthUrl({ ...target, signal }, connectionId),
      verifySuccess,
      onPhase: (phase) => this.#phaseChanged(phase, connectionId),
      onSettle: (result) => this.#report(result),
    };
    if (typeof openUrl === 'function') options.openUrl = (url) => openUrl(url.href);
    if (verifySuccess || !this.#read('noServerCheck'))
      options.verifier = memberConnectionVerifier(target, connectionId);
    return options;
  }

  /**
   * The press that usually comes a few tens of ms before a click (pointerdown, or Enter or Space down): the OAuth
   * URL is requested now, so the click can often open the popup on it directly. Never on hover or load: each URL
   * is single-use, and one no click takes is dropped.
   */
  #press(event: Event): void {
    const primary =
      'key' in event ? event.key === 'Enter' || event.key === ' ' : 'button' in event && event.button === 0;
    if (!primary || this.#attempt || this.#pressed || !this.#usable()) return;
    let options: AttemptOptions;
    try {
      options = this.#attemptOptions();
    } catch {
      return; // The click's connect() reports it.
    }
    const controller = new AbortController();
    const pressed: Pressed = {
      options,
      controller,
      url: options.requestUrl(controller.signal),
      expiry: setTimeout(() => this.#dropPressed(pressed), DEFAULTS.pressTime),
    };
    pressed.url.then(
      (url) => {
        pressed.known = url;
      },
      () => undefined, // The click's attempt reports it.
    );
    this.#pressed = pressed;
  }

  /** The options of the press before this click, with its URL: at hand, or still on its way. */
  #takePressed(): AttemptOptions | undefined {
    const pressed = this.#pressed;
    this.#pressed = undefined;
    if (!pressed) return undefined;
    clearTimeout(pressed.expiry);
    if (pressed.options.connectionId !== readSafely(() => this.connectionId)) {
      pressed.controller.abort();
      return undefined;
    }
    const { options, controller, url, known } = pressed;
    const requestUrl = (signal: AbortSignal) => {
      signal.addEventListener('abort', () => controller.abort(), { once: true });
      return url;
    };
    return known ? { ...options, requestUrl, url: known } : { ...options, requestUrl };
  }

  #dropPressed(pressed: Pressed): void {
    if (this.#pressed !== pressed) return;
    this.#pressed = undefined;
    clearTimeout(pressed.expiry);
    pressed.controller.abort();
  }

  /** The attempt must not outlive the element's document (a navigation, a removed iframe it was adopted into). */
  #watchDocument(attempt: ConnectAttempt): void {
    this.ownerDocument.defaultView?.addEventListener('pagehide', () => attempt.documentUnloaded(), {
      signal: attempt.signal,
    });
  }

  /** Announces a change of phase for the attempt of `connectionId` (which the element may no longer have). */
  #phaseChanged(phase: AttemptPhase, connectionId: string): void {
    if (phase === 'settled') this.#attempt = undefined;
    const announced = this.phase;
    if (announced === this.#announcedPhase) return;
    this.#announcedPhase = announced;
    this.requestUpdate();
    this.dispatchEvent(progressEvent({ connectionId, phase: announced }));
  }

  /** Ends the running attempt as `aborted` and closes its popup, even while b.well confirms a success. */
  cancel(): void {
    this.#attempt?.cancel('cancel() was called.');
  }

  /** Ends the running attempt with a `status_code` the app obtained itself (the native seam, see `openUrl`). */
  complete(statusCode: string): void {
    this.#attempt?.complete(statusCode);
  }

  /** The last attempt's result, for code that starts listening late. */
  get lastResult(): ConnectionResult | undefined {
    return this.#lastResult;
  }

  /** @internal */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...Object.keys(MISPLACED_ATTRIBUTES)];
  }

  /** @internal */
  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const instead = MISPLACED_ATTRIBUTES[name];
    if (instead === undefined) {
      super.attributeChangedCallback(name, old, value);
    } else if (value !== null) {
      // Server rendering turns a property binding into a lower-cased attribute: say what works instead.
      console.warn(`<bwell-connect>: the ${name} attribute is ignored; use ${instead}.`);
      // The token must never stay in the markup, where scripts, extensions and caches can read it.
      if (name === 'accesstoken') this.removeAttribute(name);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#attempt) this.#watchDocument(this.#attempt);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (remove and re-insert in one task, as frameworks do) is not a removal.
    queueMicrotask(() => {
      if (this.isConnected) return;
      if (this.#pressed) this.#dropPressed(this.#pressed);
      this.#attempt?.cancel('The element was removed from the document.');
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      changed.has('connectionId') &&
      this.#attempt &&
      this.#attempt.connectionId !== readSafely(() => this.connectionId)
    ) {
      this.#attempt.cancel('connection-id changed during the attempt.');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.setAttribute('state', this.state);
    this.setAttribute('phase', this.phase);
    if (changed.has('showStatus') && this.showStatus && !BwellConnectElement.status) {
      console.warn('<bwell-connect>: show-status needs bwell-connect/status; import it.');
    }
    const connectionId = readSafely(() => this.connectionId);
    if (changed.has('connectionId') && typeof connectionId === 'string' && connectionId)
      this.#resumeRedirect(connectionId);
  }

  /** Reports the result of a redirect attempt when this page is where b.well sent the user back. */
  #resumeRedirect(connectionId: string): void {
    const back = takeRedirectResult(connectionId);
    // Late enough that a listener a page script adds right after the element still hears it.
    if (back) afterPageScripts(() => this.#resume(back));
  }

  #resume({ outcome, record }: RedirectReturn): void {
    if (this.#attempt) return;
    try {
      const attempt = new ConnectAttempt(this.#attemptOptions(), record);
      this.#attempt = attempt;
      attempt.resume(outcome, record.baseline);
    } catch {
      this.#attempt = undefined;
      this.#endWithoutAttempt(ConnectionStatus.RequestFailed, 'The redirect result could not be confirmed.');
    }
  }

  protected override render(): TemplateResult {
    const working = this.#attempt !== undefined;
    const known = BwellConnectElement.status?.view(this);
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${!this.#usable()}
        aria-busy=${String(working)}
      >
        <span class="icon" aria-hidden="true">${this.#icon(known?.connected)}</span>
        <slot>${known?.label ?? this.#text('connect')}</slot>
      </button>
      <span part="status" role="status" aria-live="polite">${known?.line || this.#statusText() || nothing}</span>
    `;
  }

  #icon(connected?: boolean): TemplateResult | typeof nothing {
    const { state } = this;
    if (state === 'working') return html`<span part="spinner"></span>`;
    return state === 'succeeded' || connected ? html`<span class="check"></span>` : nothing;
  }

  #statusText(): string {
    const { phase } = this;
    if (phase === 'opening' || phase === 'requesting-url') return this.#text('requesting');
    if (phase !== 'idle') return this.#text('waiting');
    const result = this.#lastResult;
    if (!result) return '';
    if (result.status === ConnectionStatus.Success) return this.#text('connected');
    const reason = readKey(readKey(this.strings, 'reasons'), result.status);
    return `${this.#text('failed')}: ${typeof reason === 'string' ? reason : DEFAULT_STRINGS.reasons[result.status]}`;
  }

  /**
   * One string to show: its replacement in `strings` when that is a string, else the default. Read when shown,
   * not all at once: an idle element reads one. Whatever `strings` holds (a Proxy that throws, symbols,
   * numbers) gives the default for what cannot be read as text.
   */
  #text(key: Exclude<keyof BwellConnectStrings, 'reasons'>): string {
    const value = readKey(this.strings, key);
    return typeof value === 'string' ? value : DEFAULT_STRINGS[key];
  }

  /** Makes `result` the last one and fires its terminal event, unless `quiet` (a late success, which fires none). */
  #report(result: ConnectionResult, quiet?: boolean): void {
    this.#lastResult = result;
    this.requestUpdate();
    if (!quiet) this.dispatchEvent(resultEvent(result));
  }

  #endWithoutAttempt(status: ConnectionStatus, message: string): Promise<ConnectionResult> {
    const connectionId = readSafely(() => this.connectionId);
    const result: ConnectionResult = Object.freeze({
      connectionId: typeof connectionId === 'string' ? connectionId : '',
      status,
      message,
      attemptId: randomHex(8),
      durationMs: 0,
    });
    this.#report(result);
    return Promise.resolve(result);
  }
}

/**
 * What each property reads as until a page sets it, and when it is set to `undefined` or `null` (as frameworks do
 * for a prop they drop). Kept here, not set in the constructor, so an idle element stores only what a page set: ten
 * fewer values and updates per element (`node bench/scale.mjs`). The `@default` tags above repeat them for the
 * manifest, and test/element/settings.test.ts holds the two together.
 */
const PROPERTY_DEFAULTS: Partial<Record<string, unknown>> = {
  connectionId: '',
  endpoint: DEFAULTS.endpoint,
  timeout: DEFAULTS.timeout,
  pollInterval: DEFAULTS.pollInterval,
  requestTimeout: DEFAULTS.requestTimeout,
  verifySuccess: false,
  popupFeatures: DEFAULTS.popupFeatures,
  mode: DEFAULTS.mode,
  noServerCheck: false,
  disabled: false,
};

/** A press's request for the OAuth URL, waiting for its click. */
interface Pressed {
  options: AttemptOptions;
  controller: AbortController;
  url: Promise<URL>;
  /** Drops the press when no click takes it in time; cleared when one does. */
  expiry: ReturnType<typeof setTimeout>;
  /** The URL, once it arrived. */
  known?: URL;
}

/**
 * Attributes a server renderer makes of property bindings (`accessToken={token}` becomes `accesstoken="…"`),
 * and what to use instead. The token's attribute is removed at once and never read.
 */
const MISPLACED_ATTRIBUTES: Record<string, string> = {
  accesstoken: 'the accessToken property, set in client-side code (the token must not be in the HTML)',
  connectionid: 'connection-id',
  trustedorigins: 'trusted-origins',
  pollinterval: 'poll-interval',
  requesttimeout: 'request-timeout',
  verifysuccess: 'verify-success',
  popupfeatures: 'popup-features',
  noservercheck: 'no-server-check',
};

/** A value read through a getter that may throw: `undefined` then. */
function readSafely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * The element's reactive properties (those in its static `properties`), and `completion`, which a template may
 * bind: the props of the React and Vue typings. React 19 and Vue set a prop as a property when the element has
 * one of that name, so `accessToken` may be a function and `trustedOrigins` an array (and `completion`, which
 * it has not, becomes the attribute it is read from too).
 */
export type BwellConnectProperties = Partial<
  Pick<
    BwellConnectElement,
    Extract<keyof (typeof BwellConnectElement)['properties'], keyof BwellConnectElement> | 'completion'
  >
>;

function afterPageScripts(callback: () => void): void {
  const later = () => setTimeout(callback, 0);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', later, { once: true });
  else later();
}
