// One element's knowledge of its connection at b.well: a Lit controller that reads getMemberConnections
// (through @lit/task, which runs one read at a time and lets no stale answer win), reflects what it read,
// fires `connection-status` on every change, follows a late success and the import of records, and tells the
// element what to show. Its timers and page listeners exist only while there is something to follow.
import type { ReactiveController } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { AttemptContext } from '../attempt/contracts.js';
import { resolveEndpoint } from '../bwell-api.js';
import type { BwellConnectElement } from '../bwell-connect-element.js';
import { statusEvent } from '../events.js';
import { DEFAULTS, NUMBER_SETTINGS, STATUS_DEFAULTS, parseEndpoint } from '../settings.js';
import { ConnectionStatus, ReportedError, type ConnectionResult } from '../status.js';
import type { StatusView } from './contracts.js';
import { readMemberConnections } from './member-reads.js';
import { onPageReturn, type PageReturn } from './page-events.js';
import { confirmOnServer } from './server-completion.js';
import { readStatusStrings, statusLine } from './strings.js';
import {
  MemberConnectionStatus,
  RECONNECTABLE,
  connectedSince,
  isImported,
  isImporting,
  sameInfo,
  statusInfo,
  type ConnectionStatusInfo,
} from './vocabulary.js';

/** The endings after which b.well may still show that the attempt succeeded: the popup or the page lost track. */
const LATE_ENDINGS: readonly ConnectionStatus[] = [
  ConnectionStatus.WindowClosed,
  ConnectionStatus.Timeout,
  ConnectionStatus.Aborted,
];

/** An attempt that ended without a result, followed for `STATUS_DEFAULTS.lateWindow` ms. */
interface LateWatch {
  attemptId: string;
  startedAt: number;
  until: number;
  /** What was known of the connection when the attempt began. */
  before: ConnectionStatusInfo | undefined;
}

/** The import of records, followed after a success or while b.well shows it running. */
interface SyncWatch {
  until: number;
  /** Reads made so far: each waits twice as long as the one before, up to `syncMaxInterval`. */
  reads: number;
}

/** The wait before the read after `reads` reads of an import: 2 s, 4 s, 8 s, 16 s, then 30 s. */
export function syncInterval(reads: number): number {
  return Math.min(STATUS_DEFAULTS.syncFirstInterval * 2 ** reads, STATUS_DEFAULTS.syncMaxInterval);
}

/** Each warning once per page: a hundred elements with the same bad token warn once, not a hundred times. */
const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`<bwell-connect>: ${message}`);
}

export class StatusController implements ReactiveController {
  readonly #host: BwellConnectElement;
  readonly #task: Task<[string], ConnectionStatusInfo>;
  /** What b.well last showed of the current connection id; kept through a failed read. */
  #info: ConnectionStatusInfo | undefined;
  /** The connection id the element had at its last update. */
  #connectionId = '';
  /** The settings of the last read the element's own updates made: a change of any makes a new one. */
  #readFor: readonly unknown[] | undefined;
  /** When the last read began (ms since the epoch): a page shown again reads only after `visibleReadInterval`. */
  #readAt = -Infinity;
  /** The element came back into a document: read at its next update. */
  #returned = false;
  #connected = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopListening: (() => void) | undefined;
  #late: LateWatch | undefined;
  #sync: SyncWatch | undefined;
  /** The last attempt that showed the provider, what was known when it began, and the way to replace `lastResult`. */
  #attemptId: string | undefined;
  #before: ConnectionStatusInfo | undefined;
  #adopt: ((result: ConnectionResult) => void) | undefined;

  constructor(host: BwellConnectElement) {
    this.#host = host;
    this.#task = new Task<[string], ConnectionStatusInfo>(host, {
      task: ([connectionId], { signal }) => this.#fetch(connectionId, signal),
      autoRun: false,
      onComplete: (info) => this.#apply(info),
      onError: (error) => this.#failed(error),
    });
    host.addController(this);
    host.addEventListener('connection-success', (event) => this.#ended(event.detail));
    host.addEventListener('connection-failure', (event) => this.#ended(event.detail));
  }

  /** The connection's status, once known. */
  get status(): MemberConnectionStatus | undefined {
    return this.#info?.status;
  }

  hostConnected(): void {
    if (this.#connected) return;
    this.#connected = true;
    if (this.#readFor === undefined) return; // The first update reads.
    this.#returned = true;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    // A move (removed and inserted again in one task, as frameworks do) is not a removal.
    queueMicrotask(() => {
      if (this.#host.isConnected) return;
      this.#connected = false;
      this.#task.abort();
      this.#clearTimer();
      this.#listen(false);
    });
  }

  hostUpdate(): void {
    const host = this.#host;
    const id = this.#track();
    const settings = [this.#showing(), id, this.#read(() => host.accessToken), this.#read(() => host.endpoint)];
    const changed = this.#readFor === undefined || settings.some((value, i) => value !== this.#readFor?.[i]);
    if (!this.#showing() || !this.#canRead()) {
      if (changed) this.#readFor = settings;
      this.#returned = false;
      return;
    }
    if (changed) {
      this.#readFor = settings;
      this.#run();
    } else if (this.#returned) {
      this.#returned = false;
      this.#readOnce();
    }
  }

  hostUpdated(): void {
    const host = this.#host;
    reflect(host, 'connection-status', this.#info?.status);
    reflect(host, 'sync-status', this.#info?.syncStatus);
    this.#listen(this.#connected && this.#showing());
  }

  /** Reads the status now, `show-status` or not; resolves with it, rejects when the read fails. */
  refresh(): Promise<ConnectionStatusInfo> {
    this.#track();
    if (!this.#canRead()) {
      return Promise.reject(new ReportedError('Set connection-id and accessToken before reading the status.'));
    }
    this.#run();
    return this.#task.taskComplete;
  }

  /**
   * An attempt is about to start: its success will carry the status it began with (`previousStatus`), and with
   * completion="server" and `openUrl`, b.well is asked while the app shows the provider.
   */
  attempting(attempt: AttemptContext, adopt: (result: ConnectionResult) => void): void {
    this.#adopt = adopt;
    this.#late = undefined;
    this.#attemptId = attempt.attemptId;
    this.#before = this.#info;
    const { options } = attempt;
    if (this.#info) options.successDetail = { previousStatus: this.#info.status };
    // Not a reactive property (the element need not carry it): the property, else the attribute, as it is now.
    const completion = this.#read(() => this.#host.completion) ?? this.#host.getAttribute('completion');
    if (completion === 'server') {
      if (options.openUrl) {
        const { connectionId } = options;
        confirmOnServer(attempt, (signal) => this.#fetch(connectionId, signal), this.#info);
      }
    } else if (completion !== undefined && completion !== null) {
      warnOnce(`completion ${JSON.stringify(String(completion)).slice(0, 100)} is not "server"; ignored.`);
    }
  }

  /** What the element shows instead of its own: known only once b.well answered. */
  view(): StatusView | undefined {
    const info = this.#info;
    if (!info) return undefined;
    const host = this.#host;
    const result = host.lastResult;
    const succeeded = result?.status === ConnectionStatus.Success;
    // b.well records with a lag: right after a success, a record not yet connected is not news.
    if (succeeded && this.#sync && info.status !== MemberConnectionStatus.Connected) return undefined;
    const strings = readStatusStrings(this.#read(() => host.strings));
    const ours = host.phase === 'idle' && (result === undefined || succeeded);
    return {
      label: RECONNECTABLE.includes(info.status) ? strings.reconnect : undefined,
      line: ours ? statusLine(info, strings, host.closest('[lang]')?.getAttribute('lang') ?? undefined) : undefined,
      connected: ours && info.status === MemberConnectionStatus.Connected,
    };
  }

  /** One read of b.well for `connectionId`, with the settings as they are now (the token read for it). */
  async #fetch(connectionId: string, signal: AbortSignal): Promise<ConnectionStatusInfo> {
    const host = this.#host;
    const endpoint = resolveEndpoint(parseEndpoint(this.#read(() => host.endpoint)));
    const timeout = this.#read(() => host.requestTimeout);
    const { min, max } = NUMBER_SETTINGS.requestTimeout;
    const deadline =
      typeof timeout === 'number' && timeout >= min && timeout <= max ? timeout : DEFAULTS.requestTimeout;
    const accessToken = this.#read(() => host.accessToken);
    const list = await readMemberConnections({ endpoint, accessToken, deadline }, signal);
    return statusInfo(connectionId, list.find((entry) => entry.id === connectionId) ?? null);
  }

  /** A new read, which replaces one still running (whose answer then never counts). */
  #run(): void {
    if (!this.#canRead()) return;
    this.#clearTimer();
    this.#readAt = Date.now();
    void this.#task.run([this.#connectionId]);
  }

  /** A read, unless one is running already: then its answer will do. */
  #readOnce(): void {
    if (this.#task.status !== TaskStatus.PENDING) this.#run();
  }

  #apply(info: ConnectionStatusInfo): void {
    if (info.connectionId !== this.#connectionId) return;
    const late = this.#late;
    const lateSuccess = late !== undefined && connectedSince(info, late.startedAt, late.before);
    const changed = !sameInfo(this.#info, info);
    this.#info = info;
    if (lateSuccess) {
      this.#late = undefined;
      const { previousStatus } = late.before ? { previousStatus: late.before.status } : {};
      const result: ConnectionResult = {
        connectionId: info.connectionId,
        status: ConnectionStatus.Success,
        verified: true,
        attemptId: late.attemptId,
        durationMs: Math.max(0, Date.now() - late.startedAt),
        ...(previousStatus && { previousStatus }),
      };
      this.#adopt?.(Object.freeze(result));
      this.#followImport();
    } else if (isImporting(info) && !this.#sync) {
      this.#followImport();
    }
    // The attributes agree with the event its listeners get, not only from the next update on.
    reflect(this.#host, 'connection-status', info.status);
    reflect(this.#host, 'sync-status', info.syncStatus);
    if (changed || lateSuccess) {
      this.#host.dispatchEvent(
        statusEvent(Object.freeze(lateSuccess ? { ...info, lateSuccess: true as const } : info)),
      );
    }
    this.#host.requestUpdate();
    this.#schedule();
  }

  /** A failed read: the last known status stays, the page is told once, and no timer is kept for it. */
  #failed(error: unknown): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    const reason = error instanceof ReportedError ? ` ${error.message}` : '';
    warnOnce(`the connection's status could not be read.${reason}`);
    this.#clearTimer();
  }

  /** An attempt ended: b.well is asked at once, and followed for a late success or the records' import. */
  #ended(result: ConnectionResult): void {
    // An attempt cancelled because the id changed is about the old connection: nothing to follow.
    if (result.connectionId !== this.#track()) return;
    const now = Date.now();
    this.#late = undefined;
    if (result.status === ConnectionStatus.Success) {
      this.#followImport();
    } else if (LATE_ENDINGS.includes(result.status) && result.attemptId === this.#attemptId && this.#showing()) {
      // Only an attempt of connect() that began: not a click on a disabled element, not a redirect's return.
      const { attemptId, durationMs } = result;
      this.#late = {
        attemptId,
        startedAt: now - durationMs,
        until: now + STATUS_DEFAULTS.lateWindow,
        before: this.#before,
      };
    }
    if (this.#showing() && this.#connected) this.#run();
  }

  #followImport(): void {
    this.#sync = { until: Date.now() + STATUS_DEFAULTS.syncWindow, reads: 0 };
  }

  /**
   * The next timed read: every `lateInterval` ms while a late success may come, and backing off while records
   * are imported. None once the status is final, or while the element is out of the document.
   */
  #schedule(): void {
    this.#clearTimer();
    const now = Date.now();
    if (this.#late && now >= this.#late.until) this.#late = undefined;
    if (this.#sync && (now >= this.#sync.until || (this.#info && isImported(this.#info)))) this.#sync = undefined;
    if (!this.#connected || !this.#showing()) return;
    let wait = Infinity;
    if (this.#late) wait = Math.min(STATUS_DEFAULTS.lateInterval, this.#late.until - now);
    if (this.#sync) wait = Math.min(wait, syncInterval(this.#sync.reads), this.#sync.until - now);
    if (wait === Infinity) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#sync) this.#sync.reads += 1;
      this.#readOnce();
    }, wait);
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The page is shown or focused again: read now while a late success may come, else at most every 30 s. */
  #pageReturned(kind: PageReturn): void {
    if (this.#late && Date.now() >= this.#late.until) this.#late = undefined;
    if (this.#late) this.#readOnce();
    else if (kind === 'visible' && Date.now() - this.#readAt >= STATUS_DEFAULTS.visibleReadInterval) this.#readOnce();
  }

  #listen(on: boolean): void {
    if (on && !this.#stopListening) {
      this.#stopListening = onPageReturn((kind) => this.#pageReturned(kind));
    } else if (!on && this.#stopListening) {
      this.#stopListening();
      this.#stopListening = undefined;
    }
  }

  /** The element's connection id now; when it changed, what was known of the last one is forgotten. */
  #track(): string {
    const connectionId = this.#read(() => this.#host.connectionId);
    const id = typeof connectionId === 'string' ? connectionId : '';
    if (id !== this.#connectionId) this.#forget(id);
    return id;
  }

  /** Another connection id: nothing known of the last one counts, and its read stops. */
  #forget(connectionId: string): void {
    this.#connectionId = connectionId;
    this.#task.abort();
    this.#clearTimer();
    this.#info = undefined;
    this.#late = undefined;
    this.#sync = undefined;
    this.#before = undefined;
  }

  #showing(): boolean {
    return this.#read(() => this.#host.showStatus) === true;
  }

  /** Whether a read can be made: a connection id and a token. */
  #canRead(): boolean {
    const token = this.#read(() => this.#host.accessToken);
    return this.#connectionId !== '' && (typeof token === 'function' || (typeof token === 'string' && token !== ''));
  }

  /** A property read through a getter that may throw (a page's own accessor): `undefined` then. */
  #read<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch {
      return undefined;
    }
  }
}

/** Sets `name` to `value`, or removes it when there is none. */
function reflect(element: Element, name: string, value: string | undefined): void {
  if (value === undefined) element.removeAttribute(name);
  else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
