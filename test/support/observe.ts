// What the tests of an attempt's progress and of b.well's confirmation observe besides the terminal events: the
// element's connection-progress events and phase attribute, the arguments of window.open, the element's
// console warnings, b.well's record of a connection, and a host page in an iframe that records its element's
// events. Like e2e.ts, importing it defines nothing and registers no hook.
import { expect } from '@open-wc/testing';
import type { ConnectionProgressEvent } from '../../src/events.js';
import { emulator, TOKEN } from './emulator.js';
import { reported, type Reported } from './results.js';
import { waitFor } from './wait-for.js';

/** A connection-progress event as a test compares it. */
export interface ProgressRecord {
  phase: string;
  connectionId: string;
  bubbles: boolean;
  composed: boolean;
  /** The element's `phase` property as the listener read it, during the dispatch. */
  phaseProperty: unknown;
}

/** Records every connection-progress event that reaches `target`, and what `el.phase` read during it. */
export function recordProgress(target: EventTarget, el: { phase?: unknown }): ProgressRecord[] {
  const records: ProgressRecord[] = [];
  target.addEventListener('connection-progress', (event) => {
    const { detail, bubbles, composed } = event as ConnectionProgressEvent;
    records.push({
      phase: detail.phase,
      connectionId: detail.connectionId,
      bubbles,
      composed,
      phaseProperty: el.phase,
    });
  });
  return records;
}

/** Every value the element's `phase` attribute takes, in order, until `stop()`. */
export function recordPhaseAttribute(el: Element): { values: string[]; stop(): void } {
  const values: string[] = [];
  const observer = new MutationObserver(() => {
    const value = el.getAttribute('phase') ?? '(none)';
    if (values.at(-1) !== value) values.push(value);
  });
  observer.observe(el, { attributes: true, attributeFilter: ['phase'] });
  return { values, stop: () => observer.disconnect() };
}

/** Wraps `console.warn` (still printing) and keeps the element's own warnings, those that start with its tag. */
export function recordWarnings(): { warnings: string[]; restore(): void } {
  const original = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => {
    const text = String(args[0]);
    if (text.startsWith('<bwell-connect>')) warnings.push(text);
    original.apply(console, args);
  };
  return { warnings, restore: () => (console.warn = original) };
}

/** A connection as b.well's getMemberConnections shows it to the test's member. */
export interface MemberConnectionRecord {
  id: string;
  status: string;
  statusUpdated: string | null;
}

/** The emulator's record of `connectionId` for the tests' member, or `null` when the member has none. */
export async function memberConnection(connectionId: string): Promise<MemberConnectionRecord | null> {
  const { endpoint } = await emulator();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: '{ getMemberConnections { id status statusUpdated } }' }),
  });
  const { data } = (await response.json()) as { data: { getMemberConnections: MemberConnectionRecord[] } };
  return data.getMemberConnections.find((connection) => connection.id === connectionId) ?? null;
}

/** Waits until b.well shows `connectionId` as CONNECTED. */
export function waitForConnected(connectionId: string, timeout = 15_000): Promise<void> {
  return waitFor(
    async () => (await memberConnection(connectionId))?.status === 'CONNECTED',
    `b.well never showed ${connectionId} connected`,
    timeout,
  );
}

/** A terminal event as a host page in an iframe recorded it. */
interface FrameEvent {
  type: string;
  detail: Parameters<typeof reported>[0];
}

/**
 * A host page loaded in an iframe of the test page, whose plain script records its element's terminal events in
 * `window.bwellEvents` as `{ type, detail }` (test/fixtures/verify-page.html).
 */
export class HostFrame {
  readonly frame: HTMLIFrameElement;

  constructor(src: string) {
    this.frame = document.createElement('iframe');
    this.frame.style.cssText = 'width: 400px; height: 200px; border: 0';
    this.frame.src = src;
    document.body.append(this.frame);
  }

  /** The page's recorded events, live; `undefined` while the frame shows another origin or is loading. */
  events(): FrameEvent[] | undefined {
    try {
      return (this.frame.contentWindow as unknown as { bwellEvents?: FrameEvent[] }).bwellEvents;
    } catch {
      return undefined;
    }
  }

  /** The page's element, once it has its connection id and has rendered. */
  async element(): Promise<
    HTMLElement & { connectionId: string; updateComplete: Promise<boolean>; connect(): unknown }
  > {
    type Element = Awaited<ReturnType<HostFrame['element']>>;
    const find = () => this.frame.contentDocument?.querySelector<Element>('bwell-connect') ?? undefined;
    await waitFor(() => this.events() !== undefined && find()?.connectionId, 'the host page did not load', 10_000);
    const el = find()!;
    await el.updateComplete;
    return el;
  }

  /**
   * Waits until the frame is back on the host page after the provider and its element has reported; checks the
   * event's type against its status and returns the details (the array stays live: more would show in it).
   */
  async resultAfterReturn(timeout = 30_000): Promise<{ detail: Reported; events: FrameEvent[] }> {
    await waitFor(() => this.events()?.length, 'no event after the return', timeout);
    const events = this.events()!;
    const [first] = events;
    const detail = reported(first!.detail);
    expect(first!.type).to.equal(detail.status === 'success' ? 'connection-success' : 'connection-failure');
    return { detail, events };
  }

  remove(): void {
    this.frame.remove();
  }
}
