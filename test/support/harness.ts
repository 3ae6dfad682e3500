// The end-to-end harness: what a test of elements against the emulator watches, set up before each test and
// released after it by hooks the test file writes itself (no hook is registered behind its back):
//
//   const page = new E2EHarness();
//   beforeEach(() => page.setUp());
//   afterEach(() => page.tearDown());
//
// Mounting and clicking are in e2e.ts, the results in results.ts; the harness holds what spans a test: the
// popups opened, the messages received, the listeners the page's elements hold, and the windows to close.
import { expect } from '@open-wc/testing';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { startAttempt, type MountOptions } from './e2e.js';
import { onlyPopup, recordMessages, recordPopups, type MessageRecord, type PopupRecord } from './popups.js';
import type { Recorder } from './results.js';
import { closeOtherWindows, removeFrames } from './windows.js';

/** The targets whose listeners an idle element must not hold: an idle element costs nothing beyond its DOM. */
const GLOBAL_TARGETS: readonly EventTarget[] = [window, document];

export class E2EHarness {
  readonly #shared: readonly string[];
  #popups: PopupRecord | undefined;
  #messages: MessageRecord | undefined;
  #listeners: ListenerCount | undefined;

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

  /** Starts watching; call in `beforeEach`. */
  setUp(): void {
    this.#messages = recordMessages();
    this.#popups = recordPopups();
    this.#listeners = countListeners();
  }

  /**
   * Checks that the product's code, once every element is idle, holds no listener on `window` or `document`
   * (beyond one for each shared type), then stops watching, closes every window but the test page and removes
   * the test's frames; call in `afterEach`.
   */
  async tearDown(): Promise<void> {
    const listeners = this.#listeners;
    this.#listeners = undefined;
    try {
      const elements = [...document.querySelectorAll<BwellConnectElement>('bwell-connect')];
      if (listeners && elements.every((el) => el.phase === 'idle')) {
        const held = listeners.held();
        const extra = held.filter((type, i) => !this.#shared.includes(type) || held.indexOf(type) !== i);
        expect(extra, 'listeners on window or document held after every attempt ended').to.deep.equal([]);
      }
    } finally {
      listeners?.stop();
      this.#popups?.restore();
      this.#messages?.stop();
      this.#popups = this.#messages = undefined;
      removeFrames();
      await closeOtherWindows();
    }
  }

  /** Mounts an element on the emulator with `flags`, clicks it as a user does, and returns its one popup. */
  async start(
    flags?: Record<string, string>,
    options?: MountOptions,
  ): Promise<{ el: BwellConnectElement; recorder: Recorder; popup: Window }> {
    return { ...(await startAttempt(flags, options)), popup: this.popup() };
  }

  /** The only popup opened so far in the running test. */
  popup(): Window {
    return onlyPopup(this.popups);
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

/** A call stack that passes through the element's code: its sources, or its built bundles. */
const PRODUCT_CODE = /\/(src|dist)\/[\w/.-]+\.(ts|js)/;

/** A number per listener function, so that the same function added twice counts once, as the DOM does. */
const ids = new WeakMap<object, number>();
let lastId = 0;
function identity(listener: unknown): number {
  const object = listener as object;
  if (!ids.has(object)) ids.set(object, (lastId += 1));
  return ids.get(object)!;
}
