import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import { DEFAULT_ENDPOINT, defaultTrustedOrigins, requestOauthUrl, resolveEndpoint, resolveToken, type AccessToken } from './bwell-api.js';
import { ConnectAttempt, type ConnectMode } from './connect-flow.js';
import { connectionEvent, type ConnectionFailureEvent, type ConnectionSuccessEvent } from './events.js';
import { takeRedirectResult } from './redirect.js';
import { ConnectionStatus, ReportedError, type ConnectionResult, type Outcome } from './status.js';
import { NUMBER_SETTINGS, parseMode, parseNumber, parseOrigins, parsePopupFeatures } from './settings.js';
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

/** The default `window.open` features, as b.well's guide suggests. */
export const DEFAULT_POPUP_FEATURES = 'width=500,height=600,scrollbars=yes';

/**
 * Connects a user's health records through b.well: asks b.well's GraphQL API for the provider's OAuth URL,
 * opens it in a popup, and reports how it ended with one `connection-success` or `connection-failure` event.
 *
 * @attr {ConnectState} state - Reflects {@link BwellConnectElement.state} for styling: idle, working, succeeded or failed.
 *
 * @summary A button that connects a b.well data connection through OAuth.
 *
 * @fires {ConnectionSuccessEvent} connection-success - The attempt succeeded. `detail: { connectionId, status: 'success' }`.
 * @fires {ConnectionFailureEvent} connection-failure - The attempt failed. `detail: { connectionId, status, message? }`.
 *
 * @slot - The button's label (default: "Connect").
 *
 * @csspart button - The native button.
 * @csspart spinner - The busy indicator shown while working.
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
      color-scheme: light dark;
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
      color: var(--bwell-connect-color, #fff);
      background: var(--bwell-connect-background, #0b5cad);
      border: var(--bwell-connect-border, 1px solid transparent);
      border-radius: var(--bwell-connect-radius, 0.5em);
      cursor: pointer;
    }
    button:hover:not(:disabled) {
      filter: brightness(1.1);
    }
    button:focus-visible {
      outline: 3px solid var(--bwell-connect-focus-ring, #0b5cad);
      outline-offset: 2px;
    }
    button:disabled {
      cursor: not-allowed;
      opacity: 0.55;
    }
    [part='spinner'] {
      width: 1em;
      height: 1em;
      border: 2px solid currentColor;
      border-right-color: transparent;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    [part='status'] {
      font: 0.875rem/1.3 system-ui, sans-serif;
      color: var(--bwell-connect-status-color, inherit);
      min-height: 1.3em;
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
      button {
        color: var(--bwell-connect-color, #0b1a2a);
        background: var(--bwell-connect-background, #7cb8f2);
      }
      button:focus-visible {
        outline-color: var(--bwell-connect-focus-ring, #7cb8f2);
      }
    }
  `;

  // Reactive properties are declared here, and their fields below with `declare` and set in the constructor:
  // a class field would shadow Lit's accessor under standard [[Define]] semantics (the default of esbuild, Vite
  // and tsc for ES2022), and decorators would cost the bundle their helpers.
  static override properties = {
    connectionId: { attribute: 'connection-id' },
    endpoint: {},
    accessToken: { attribute: false },
    trustedOrigins: { attribute: 'trusted-origins' },
    timeout: { type: Number },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    requestTimeout: { type: Number, attribute: 'request-timeout' },
    verifySuccess: { type: Boolean, attribute: 'verify-success' },
    popupFeatures: { attribute: 'popup-features' },
    mode: {},
    noServerCheck: { type: Boolean, attribute: 'no-server-check' },
    openUrl: { attribute: false },
    disabled: { type: Boolean, reflect: true },
    strings: { attribute: false },
  };

  /** The b.well connection to establish; without it the button is disabled and nothing is requested. */
  declare connectionId: string;

  /** The GraphQL endpoint: b.well's, or the integrator's backend proxy (a relative URL is resolved against the page). */
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

  /** Ms without a result before the attempt ends as `timeout` and the popup is closed (1 000 … 2^31−1). */
  declare timeout: number;

  /** Ms between reads of the popup's URL (and of its closed flag) (50 … 10 000). */
  declare pollInterval: number;

  /** Ms the access token and the OAuth URL request together may take before `request_failed` (1 000 … 2^31−1). */
  declare requestTimeout: number;

  /**
   * Confirms every success reported from the page's side (a message, a URL, the callback helper) with b.well's
   * `getMemberConnections` before `connection-success`; unconfirmed within 5 s, the attempt ends as `error`.
   */
  declare verifySuccess: boolean;

  /** The `window.open` features of the popup. */
  declare popupFeatures: string;

  /**
   * How the provider is shown: `popup` (default); `redirect`, the page itself goes there and reports the result when
   * b.well brings the user back; `auto`, a popup, or the redirect when the popup is blocked.
   */
  declare mode: ConnectMode;

  /** Skips asking `getMemberConnections` before reporting `window_closed`, for endpoints that cannot answer it. */
  declare noServerCheck: boolean;

  /**
   * The seam for hybrid and native apps: when set, `connect()` hands the OAuth URL to this function instead
   * of opening a popup (to open it in SFSafariViewController or a Custom Tab, say), and the app reports the
   * deep link's `status_code` back with `complete()`.
   */
  declare openUrl: ((url: string) => void) | undefined;

  /** Disables the button; a running attempt goes on. */
  declare disabled: boolean;

  /** Replacements for any of the visible and announced strings (merged over {@link DEFAULT_STRINGS}). */
  declare strings: Partial<BwellConnectStrings>;

  constructor() {
    super();
    this.connectionId = '';
    this.endpoint = DEFAULT_ENDPOINT;
    this.timeout = NUMBER_SETTINGS.timeout.fallback;
    this.pollInterval = NUMBER_SETTINGS.pollInterval.fallback;
    this.requestTimeout = NUMBER_SETTINGS.requestTimeout.fallback;
    this.verifySuccess = false;
    this.popupFeatures = DEFAULT_POPUP_FEATURES;
    this.mode = 'popup';
    this.noServerCheck = false;
    this.disabled = false;
    this.strings = {};
  }

  #attempt: ConnectAttempt | undefined;
  #documentWatch: AbortController | undefined;
  #lastResult: ConnectionResult | undefined;

  #urlTask = new Task(this, {
    task: ([endpoint, connectionId, token, deadline]: readonly [string, string, Promise<string | undefined>, number], { signal }) =>
      requestOauthUrl({ endpoint, token, signal, deadline }, connectionId),
    autoRun: false,
  });

  /** The element's phase, reflected as the `state` attribute; `succeeded` and `failed` are the last attempt's. */
  get state(): ConnectState {
    if (this.#attempt) return 'working';
    if (!this.#lastResult) return 'idle';
    return this.#lastResult.status === ConnectionStatus.Success ? 'succeeded' : 'failed';
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
    if (!this.connectionId) {
      return this.#endWithoutAttempt(ConnectionStatus.RequestFailed, 'Set connection-id before connecting.');
    }
    if (this.disabled) return this.#endWithoutAttempt(ConnectionStatus.Aborted, 'The element is disabled.');
    try {
      return this.#startAttempt();
    } catch (error) {
      // Whatever a setting or the browser throws ends this call, not the page's click handler.
      this.#attempt = undefined;
      const message = error instanceof ReportedError ? error.message : 'The attempt could not start.';
      return this.#endWithoutAttempt(ConnectionStatus.RequestFailed, message);
    }
  }

  #startAttempt(): Promise<ConnectionResult> {
    // Frameworks bind `undefined` for a prop they drop: that means the default, not a URL named "undefined".
    // Checked before the token is read: it is only ever sent to an https (or loopback) endpoint.
    const endpoint = resolveEndpoint(this.endpoint || DEFAULT_ENDPOINT);
    const { connectionId, openUrl } = this;
    const deadline = parseNumber('requestTimeout', this.requestTimeout);
    const token = resolveToken(this.accessToken);
    token.catch(() => undefined); // Reported through the URL request; this only keeps it from going unhandled.
    const attempt = new ConnectAttempt({
      connectionId,
      mode: parseMode(this.mode),
      trustedOrigins: parseOrigins(this.trustedOrigins) ?? defaultTrustedOrigins(endpoint),
      timeout: parseNumber('timeout', this.timeout),
      pollInterval: parseNumber('pollInterval', this.pollInterval),
      popupFeatures: parsePopupFeatures(this.popupFeatures, DEFAULT_POPUP_FEATURES),
      requestUrl: (signal) => {
        signal.addEventListener('abort', () => this.#urlTask.abort(), { once: true });
        void this.#urlTask.run([endpoint, connectionId, token, deadline]);
        return this.#urlTask.taskComplete;
      },
      openUrl: openUrl && ((url) => openUrl(url.href)),
      verifySuccess: this.verifySuccess,
      verifier: this.noServerCheck && !this.verifySuccess ? undefined : memberConnectionVerifier({ endpoint, token, deadline }, connectionId),
      onSettle: (result) => {
        if (this.#attempt === attempt) this.#attempt = undefined;
        this.#report(result);
      },
    });
    this.#attempt = attempt;
    this.requestUpdate();
    return attempt.start().result;
  }

  /** Ends the running attempt as `aborted` and closes its popup. */
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

  override connectedCallback(): void {
    super.connectedCallback();
    // The document itself can go while the element stays in it (a navigation, a removed iframe after the
    // element was adopted into it): the attempt must not outlive it.
    this.#documentWatch?.abort();
    this.#documentWatch = new AbortController();
    this.ownerDocument.defaultView?.addEventListener('pagehide', () => this.#attempt?.documentUnloaded(), {
      signal: this.#documentWatch.signal,
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#documentWatch?.abort();
    // A move (remove and re-insert in one task, as frameworks do) is not a removal.
    queueMicrotask(() => {
      if (!this.isConnected) this.#attempt?.cancel('The element was removed from the document.');
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connectionId') && this.#attempt && this.#attempt.connectionId !== this.connectionId) {
      this.#attempt.cancel('connection-id changed during the attempt.');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.setAttribute('state', this.state);
    if (changed.has('connectionId') && this.connectionId) this.#resumeRedirect(this.connectionId);
  }

  /** Reports the result of a redirect attempt when this page is where b.well sent the user back. */
  #resumeRedirect(connectionId: string): void {
    const outcome: Outcome | undefined = takeRedirectResult(connectionId);
    if (!outcome) return;
    // Late enough that a listener a page script adds right after the element still hears it.
    afterPageScripts(() => this.#report(Object.freeze({ connectionId, ...outcome })));
  }

  protected override render(): TemplateResult {
    const strings = { ...DEFAULT_STRINGS, ...this.strings };
    const working = this.#attempt !== undefined;
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled || !this.connectionId}
        aria-busy=${String(working)}
        @click=${() => this.connect()}
      >
        ${working ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
        <slot>${strings.connect}</slot>
      </button>
      <span part="status" role="status" aria-live="polite">${this.#statusText(strings, working)}</span>
    `;
  }

  #statusText(strings: BwellConnectStrings, working: boolean): string {
    if (working) return this.#urlTask.render({ pending: () => strings.requesting }) ?? strings.waiting;
    const result = this.#lastResult;
    if (!result) return '';
    if (result.status === ConnectionStatus.Success) return strings.connected;
    const reasons = { ...DEFAULT_STRINGS.reasons, ...strings.reasons };
    return `${strings.failed}: ${reasons[result.status]}`;
  }

  #report(result: ConnectionResult): void {
    this.#lastResult = result;
    this.requestUpdate();
    this.dispatchEvent(connectionEvent(result));
  }

  #endWithoutAttempt(status: ConnectionStatus, message: string): Promise<ConnectionResult> {
    const result: ConnectionResult = Object.freeze({ connectionId: this.connectionId, status, message });
    this.#report(result);
    return Promise.resolve(result);
  }
}

function afterPageScripts(callback: () => void): void {
  const later = () => setTimeout(callback, 0);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', later, { once: true });
  else later();
}


declare global {
  interface GlobalEventHandlersEventMap {
    /** A `<bwell-connect>` attempt succeeded. */
    'connection-success': ConnectionSuccessEvent;
    /** A `<bwell-connect>` attempt failed; `detail.status` says how. */
    'connection-failure': ConnectionFailureEvent;
  }
}
