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

/** The targets whose listeners an idle element must not hold (issue: an idle element costs nothing). */
const GLOBAL_TARGETS: readonly EventTarget[] = [window, document];

export class E2EHarness {
  #popups: PopupRecord | undefined;
  #messages: MessageRecord | undefined;
  #listeners: ListenerCount | undefined;

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
   * Checks that the page's elements, once all idle, hold no listener on `window` or `document`, then stops
   * watching, closes every window but the test page and removes the test's frames; call in `afterEach`.
   */
  async tearDown(): Promise<void> {
    const listeners = this.#listeners;
    this.#listeners = undefined;
    try {
      const elements = [...document.querySelectorAll<BwellConnectElement>('bwell-connect')];
      if (listeners && elements.every((el) => el.phase === 'idle')) {
        expect(listeners.held(), 'listeners on window or document held after every attempt ended').to.deep.equal([]);
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
  /** Each listener added to `window` or `document` since the count began and not removed, as `type`. */
  held(): string[];
  stop(): void;
}

/** Counts the listeners added to `window` and `document` (and removed) from now on. */
function countListeners(): ListenerCount {
  const held = new Map<string, number>();
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
      if (listener && !once && !signal?.aborted) {
        const k = key(target, type, listener, options);
        held.set(k, (held.get(k) ?? 0) + 1);
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
    held: () => [...held.keys()].map((k) => (JSON.parse(k) as [number, string])[1]),
    stop() {
      for (const { target, add, remove } of originals) {
        target.addEventListener = add;
        target.removeEventListener = remove;
      }
    },
  };
}

/** A number per listener function, so that the same function added twice counts once, as the DOM does. */
const ids = new WeakMap<object, number>();
let lastId = 0;
function identity(listener: unknown): number {
  const object = listener as object;
  if (!ids.has(object)) ids.set(object, (lastId += 1));
  return ids.get(object)!;
}
