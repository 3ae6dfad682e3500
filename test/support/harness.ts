// The end-to-end harness: what a test of elements against the emulator watches, set up before each test and
// released after it by hooks the test file writes itself (no hook is registered behind its back):
//
//   const page = new E2EHarness();
//   beforeEach(() => page.setUp());
//   afterEach(() => page.tearDown());
//
// It mounts elements on the emulator, clicks them as a person does, and awaits their results; it holds what
// spans a test (the popups opened, the messages received, the timers and listeners the product holds, the
// windows to close), so it can assert that nothing else arrives and that everything was released. Real input
// and mounting are in e2e.ts, the event records in results.ts.
import { expect } from '@open-wc/testing';
import { NO_SECOND_EVENT_MS } from './waits.mjs';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { mount, realClick, type MountOptions } from './e2e.js';
import { onlyPopup, recordMessages, recordPopups, type MessageRecord, type PopupRecord } from './popups.js';
import { recordEvents, type Recorder, type Reported } from './results.js';
import { closeOtherWindows, removeFrames } from './windows.js';

/** The targets whose listeners an idle element must not hold: an idle element costs nothing beyond its DOM. */
const GLOBAL_TARGETS: readonly EventTarget[] = [window, document];

export class E2EHarness {
  readonly #shared: readonly string[];
  #popups: PopupRecord | undefined;
  #messages: MessageRecord | undefined;
  #listeners: ListenerCount | undefined;
  #timers: TimerCount | undefined;
  #takeDowns: (() => void)[] = [];

  /**
   * @param options.shared event types for which the product may keep one listener for the whole page (the
   *   status capability refreshes on `focus` and `visibilitychange`): one each is allowed, never one per element
   */
  constructor({ shared = [] }: { shared?: readonly string[] } = {}) {
    this.#shared = shared;
  }

  /** Every `window.open` call of the running test, and the windows it returned. */
  get popups(): PopupRecord {
    return this.#running(this.#popups);
  }

  /** Every message the page received during the running test, from a listener registered before any element's. */
  get messages(): MessageRecord {
    return this.#running(this.#messages);
  }

  /** The timeouts and intervals the product's code set during the running test that are still pending. */
  get timersHeld(): number {
    return this.#running(this.#timers).live();
  }

  /** Starts watching; call in `beforeEach`. */
  setUp(): void {
    this.#messages = recordMessages();
    this.#popups = recordPopups();
    this.#listeners = countListeners();
    this.#timers = countTimers();
  }

  /**
   * Checks that `events` (already holding the first) gets no second one. A second event can only come from what
   * the product still holds: a timer (the next read of the popup's URL, the close grace, a server check's
   * schedule) or a listener (a message, a channel). So this waits while the page's product code holds either,
   * then {@link IN_FLIGHT_MS} for a delivery already under way: {@link NO_SECOND_EVENT_MS} at most in all, the
   * longest any other channel of an attempt takes to report after one did. An element in a frame holds its
   * timers in the frame's window, which the harness does not see: for its events (and records other than this
   * page's events) the whole window is waited.
   */
  async expectNoSecondEvent(events: readonly unknown[]): Promise<void> {
    const here = events.every((event) => event instanceof Event && (event.target as Node).ownerDocument === document);
    const holds = () => this.timersHeld > 0 || this.#extraListeners(this.#running(this.#listeners)).length > 0;
    // Never longer than the fixed window it replaces: the margin comes out of the window.
    const deadline = performance.now() + NO_SECOND_EVENT_MS - IN_FLIGHT_MS;
    while (performance.now() < deadline && (!here || holds())) await sleep(20);
    await sleep(IN_FLIGHT_MS);
    expect(events, 'events after the no-second-event window').to.have.length(1);
  }

  /**
   * Takes down what the test handed to {@link takeDownAfter}; checks that the product's code, once every element
   * is idle, holds no listener on `window` or `document` (beyond one for each shared type); then stops watching,
   * closes every window but the test page and removes the test's frames. Call in `afterEach`.
   */
  async tearDown(): Promise<void> {
    const listeners = this.#listeners;
    this.#listeners = undefined;
    try {
      for (const takeDown of this.#takeDowns.splice(0)) takeDown();
      const elements = [...document.querySelectorAll<BwellConnectElement>('bwell-connect')];
      if (listeners && elements.every((el) => el.phase === 'idle')) {
        expect(
          this.#extraListeners(listeners),
          'listeners on window or document held after every attempt ended',
        ).to.deep.equal([]);
      }
    } finally {
      listeners?.stop();
      this.#timers?.stop();
      this.#timers = undefined;
      this.#popups?.restore();
      this.#messages?.stop();
      this.#popups = this.#messages = undefined;
      await closeOtherWindows();
      removeFrames();
    }
  }

  /** Mounts an element on the emulator with scenario `flags`, trusting its completion origin (see {@link mount}). */
  mount(flags?: Record<string, string>, options?: MountOptions): Promise<BwellConnectElement> {
    return mount(flags, options);
  }

  /** Runs `takeDown` in {@link tearDown}: for what a test mounts itself, such as a framework's app and its host. */
  takeDownAfter(takeDown: () => void): void {
    this.#running(this.#timers);
    this.#takeDowns.push(takeDown);
  }

  /** Records the element's events, then clicks it with the real mouse: an attempt starts as a person starts one. */
  async click(el: BwellConnectElement): Promise<Recorder> {
    const recorder = recordEvents(el);
    await realClick(el);
    return recorder;
  }

  /**
   * Mounts an element with `flags` and clicks it. `popup` is the attempt's one popup, checked to be the only one
   * opened when it is read (leave it out where the popup is blocked).
   */
  async start(
    flags?: Record<string, string>,
    options?: MountOptions,
  ): Promise<{ el: BwellConnectElement; recorder: Recorder; readonly popup: Window }> {
    const el = await this.mount(flags, options);
    const recorder = await this.click(el);
    const popup = () => this.popup();
    return {
      el,
      recorder,
      get popup() {
        return popup();
      },
    };
  }

  /** Waits for the recorder's next event; checks that its type matches its status, and returns its detail. */
  async nextResult(recorder: Recorder, timeout?: number): Promise<Reported> {
    const event = await recorder.next(timeout);
    expect(event.type).to.equal(event.detail.status === 'success' ? 'connection-success' : 'connection-failure');
    return event.detail;
  }

  /** The only popup opened so far in the running test. */
  popup(): Window {
    return onlyPopup(this.popups);
  }

  /** The listeners the product holds beyond one for each shared type, by type. */
  #extraListeners(listeners: ListenerCount): string[] {
    const held = listeners.held();
    return held.filter((type, i) => !this.#shared.includes(type) || held.indexOf(type) !== i);
  }

  #running<T>(record: T | undefined): T {
    if (record === undefined) throw new Error('E2EHarness: call setUp() in a beforeEach hook first');
    return record;
  }
}

interface ListenerCount {
  /**
   * Each listener the product's code (a module under /src/ or /dist/ on the call stack) added to `window` or
   * `document` since the count began and has not removed, as its event type. The tests' own listeners, and
   * those of the libraries they use (axe's on `message`), are not counted.
   */
  held(): string[];
  stop(): void;
}

/** Counts the listeners added to `window` and `document` (and removed) from now on. */
function countListeners(): ListenerCount {
  /** Each listener held, by what tells it apart for the DOM (target, type, capture, function), to its type. */
  const held = new Map<string, string>();
  const key = (target: EventTarget, type: string, listener: unknown, options: unknown) => {
    const capture = typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean })?.capture);
    return JSON.stringify([GLOBAL_TARGETS.indexOf(target), type, capture, identity(listener)]);
  };
  const originals = GLOBAL_TARGETS.map((target) => ({
    target,
    add: target.addEventListener,
    remove: target.removeEventListener,
  }));
  for (const { target, add, remove } of originals) {
    target.addEventListener = function (type: string, listener: unknown, options?: unknown) {
      const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
      // A `once` listener is not counted: it lets itself go when its event comes.
      const once = Boolean((options as { once?: boolean } | undefined)?.once);
      if (listener && !once && !signal?.aborted && PRODUCT_CODE.test(new Error().stack ?? '')) {
        const k = key(target, type, listener, options);
        held.set(k, type);
        signal?.addEventListener('abort', () => held.delete(k), { once: true });
      }
      return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    };
    target.removeEventListener = function (type: string, listener: unknown, options?: unknown) {
      held.delete(key(target, type, listener, options));
      return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
    };
  }
  return {
    held: () => [...held.values()],
    stop() {
      for (const { target, add, remove } of originals) {
        target.addEventListener = add;
        target.removeEventListener = remove;
      }
    },
  };
}

interface TimerCount {
  /** The timeouts and intervals the product's code set since the count began that have neither run nor been cleared. */
  live(): number;
  stop(): void;
}

/**
 * Counts the product's live timers from now on. A fake clock a test installs (clock.ts) replaces these wrappers
 * while it runs: what the product sets under it is the fake clock's, and not counted.
 */
function countTimers(): TimerCount {
  type Timers = Record<
    'setTimeout' | 'setInterval' | 'clearTimeout' | 'clearInterval',
    (...args: unknown[]) => unknown
  >;
  const timers = window as unknown as Timers;
  const { setTimeout, setInterval, clearTimeout, clearInterval } = timers;
  const native: Timers = { setTimeout, setInterval, clearTimeout, clearInterval };
  const live = new Set<unknown>();
  const record = (id: unknown) => {
    if (PRODUCT_CODE.test(new Error().stack ?? '')) live.add(id);
    return id;
  };
  timers.setTimeout = (callback, ...rest) => {
    const id = native.setTimeout.call(
      window,
      typeof callback === 'function'
        ? (...args: unknown[]) => {
            live.delete(id);
            return (callback as (...args: unknown[]) => unknown)(...args);
          }
        : callback,
      ...rest,
    );
    return record(id);
  };
  timers.setInterval = (...args) => record(native.setInterval.apply(window, args));
  // Timeouts and intervals share one id space: either function clears either.
  timers.clearTimeout = timers.clearInterval = (id) => {
    live.delete(id);
    native.clearTimeout.call(window, id);
  };
  return {
    live: () => live.size,
    stop: () => Object.assign(window, native),
  };
}

/** After the product let go of everything: a message or a response already on its way (loopback, another process). */
const IN_FLIGHT_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A call stack that passes through the element's code: its sources, or its built bundles, served from the root
 * (`http://host:port/src/…`; a package's own `src/` under node_modules is not the product).
 */
const PRODUCT_CODE = /\/\/[^/\s]+\/(src|dist)\/[\w/.-]+\.(ts|js)/;

/** A number per listener function, so that the same function added twice counts once, as the DOM does. */
const ids = new WeakMap<object, number>();
let lastId = 0;
function identity(listener: unknown): number {
  const object = listener as object;
  if (!ids.has(object)) ids.set(object, (lastId += 1));
  return ids.get(object)!;
}
