import * as sinon from 'sinon';
import type { HostWindow, Timers } from '../../src/attempt/contracts.js';

/** The page origin the fakes pretend to be on. */
export const APP_ORIGIN = 'https://app.example';

/** A popup whose URL, reachability and closed flag a test sets. */
export class FakePopup {
  url = 'about:blank';
  /** While true, reading `location` throws, as it does on another origin. */
  crossOrigin = false;
  closed = false;
  closeCalls = 0;
  focusCalls = 0;
  navigations: string[] = [];

  get location(): { href: string; replace(url: string): void } {
    if (this.crossOrigin) throw new DOMException('Blocked a frame with origin', 'SecurityError');
    const href = () => this.url;
    const replace = (url: string) => {
      this.navigations.push(url);
      this.url = url;
      this.crossOrigin = new URL(url).origin !== APP_ORIGIN;
    };
    return {
      get href() {
        return href();
      },
      replace,
    };
  }

  close(): void {
    this.closeCalls += 1;
    this.closed = true;
  }

  focus(): void {
    this.focusCalls += 1;
  }
}

/** Any of the listeners the flow adds; the fake hands each the event of its type. */
type Listener = (event: MessageEvent & PageTransitionEvent) => void;
type EventType = 'message' | 'focus' | 'pageshow';

/** The page's window: hands out one popup (or null) and delivers messages to live listeners only. */
export class FakeHostWindow implements HostWindow {
  /** Where the page was sent by `location.assign` (redirect mode). */
  assigned: string[] = [];
  readonly location = {
    origin: APP_ORIGIN,
    href: `${APP_ORIGIN}/page`,
    assign: (url: string) => void this.assigned.push(url),
  };
  /** The page's sessionStorage; `storageBlocked` makes reading it throw, as blocked cookies do. */
  readonly storage = new Map<string, string>();
  storageBlocked = false;
  get sessionStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
    if (this.storageBlocked) throw new DOMException('Access is denied for this document.', 'SecurityError');
    const storage = this.storage;
    return {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
      removeItem: (key) => void storage.delete(key),
    };
  }
  /** Whether the page has the focus (the user is back from the popup). */
  focused = true;
  readonly document = { hasFocus: () => this.focused };
  popup: FakePopup | null = new FakePopup();
  openCalls: Array<{ url: string; target: string; features: string }> = [];
  #listeners = { message: new Set<Listener>(), focus: new Set<Listener>(), pageshow: new Set<Listener>() };

  open(url: string, target: string, features: string): Window | null {
    this.openCalls.push({ url, target, features });
    return this.popup as unknown as Window | null;
  }

  addEventListener(type: EventType, listener: Listener, options: AddEventListenerOptions): void {
    const listeners = this.#listeners[type];
    if (options.signal?.aborted) return;
    listeners.add(listener);
    options.signal?.addEventListener('abort', () => listeners.delete(listener), { once: true });
  }

  /** How many message, focus and pageshow listeners are still registered. */
  get listenerCount(): number {
    return Object.values(this.#listeners).reduce((count, listeners) => count + listeners.size, 0);
  }

  /** The page is shown again: `persisted` when it comes back from the back-forward cache. */
  pageshow(persisted: boolean): void {
    this.#dispatch('pageshow', { persisted });
  }

  /** The page regains the focus: the user came back from the popup. */
  focus(): void {
    this.focused = true;
    this.#dispatch('focus', new Event('focus'));
  }

  /** Delivers a message as the browser would; `source` defaults to the popup. */
  post(data: unknown, origin: string, source: unknown = this.popup): void {
    this.#dispatch('message', { data, origin, source });
  }

  #dispatch(type: EventType, event: object): void {
    for (const listener of [...this.#listeners[type]]) listener(event as MessageEvent & PageTransitionEvent);
  }
}

/** Fake timer functions and the clock that drives them. */
export function fakeTimers(): { timers: Timers; clock: sinon.SinonFakeTimers } {
  // sinon replaces these, and keeps them to yield between ticks: wrappers, since native timers throw on
  // another receiver.
  const timers = {
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    setInterval: (callback: () => void, ms: number) => setInterval(callback, ms),
    clearInterval: (id: number) => clearInterval(id),
    Date,
    Promise,
  } as unknown as Timers;
  // `global` is a sinon option its typings do not list yet.
  const config = { global: timers, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] };
  const clock = sinon.useFakeTimers(config as Parameters<typeof sinon.useFakeTimers>[0]);
  return { timers, clock };
}

/** A promise with its resolve and reject exposed, to play the URL request. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
