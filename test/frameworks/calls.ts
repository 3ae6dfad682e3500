// What the framework tests share: the calls a framework's event bindings made, one click that must lead to
// exactly one of them, and the tests every template framework passes.
import { expect } from '@open-wc/testing';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from '../../src/events.js';
import { emulator, endpointWith, TOKEN, uniqueId } from '../support/emulator.js';
import type { E2EHarness } from '../support/harness.js';

/** Either of the element's events, as a framework binding receives it. */
export type ConnectionEvent = ConnectionSuccessEvent | ConnectionFailureEvent;

/** The events each binding was called with. */
export interface Calls {
  successes: ConnectionEvent[];
  failures: ConnectionEvent[];
}

/** An element a framework rendered, with the calls of its event bindings, and how to take it all down. */
export interface Mounted extends Calls {
  el: BwellConnectElement;
  connectionId: string;
  remove(): void;
}

/** What a framework binds in one test, and the arrays its two event bindings push to. */
export interface Scenario extends Calls {
  connectionId: string;
  /** The emulator's endpoint with the test's flags. */
  endpoint: string;
  /** The emulator's completion origin. */
  trustedOrigins: string[];
}

/** A fresh {@link Scenario} on the emulator with `flags`. */
export async function scenario(flags: Record<string, string>): Promise<Scenario> {
  const { completionOrigin } = await emulator();
  // Plain arrays, not a framework's reactive ones: the test reads exactly the event objects the element dispatched.
  return {
    connectionId: uniqueId(),
    endpoint: await endpointWith(flags),
    trustedOrigins: [completionOrigin],
    successes: [],
    failures: [],
  };
}

/** The `<bwell-connect>` a framework rendered into `host`, once its own first update is done. */
export async function renderedElement(host: HTMLElement): Promise<BwellConnectElement> {
  const el = host.querySelector('bwell-connect');
  expect(el, 'the framework rendered <bwell-connect>').to.be.instanceOf(HTMLElement);
  await el!.updateComplete;
  return el!;
}

/** The {@link renderedElement} of `host`, bound to its scenario; `remove` runs `teardown` and removes the host. */
export async function renderedIn(host: HTMLElement, bound: Scenario, teardown: () => void): Promise<Mounted> {
  return {
    ...bound,
    el: await renderedElement(host),
    remove: () => {
      teardown();
      host.remove();
    },
  };
}

/**
 * Clicks the element with real input and waits for its event. The bindings run within the event's dispatch,
 * so by then each has been called for it or never will be: checks that only the binding for `status` was
 * called, once, with the element's own event carrying `connectionId` and `status`; returns that event.
 */
export async function clickForOneCall(
  page: E2EHarness,
  { el, connectionId, successes, failures }: Omit<Mounted, 'remove'>,
  status: 'success' | 'error',
): Promise<ConnectionEvent> {
  const recorder = await page.click(el);
  const detail = await page.nextResult(recorder);
  if (status === 'success') expect(detail).to.deep.equal({ connectionId, status });
  else expect(detail).to.deep.include({ connectionId, status });
  const [called, other] = status === 'success' ? [successes, failures] : [failures, successes];
  expect(called, 'calls of the binding for the event').to.have.length(1);
  expect(called[0], 'the binding got the element’s event').to.equal(recorder.events[0]);
  expect(other, 'calls of the other binding').to.have.length(0);
  return called[0]!;
}

/**
 * Registers the tests, run on `page`, of a framework that renders `<bwell-connect>` from a template: `render(flags)` mounts
 * it on the emulator with those flags, its connection id, endpoint, the emulator's completion origin as
 * trusted origin and {@link TOKEN} bound, and its two event bindings recording into `successes` and
 * `failures`. (The endpoint is on localhost, for which the element trusts no completion origin by default:
 * a success shows the trusted-origins binding arrived.)
 */
export function itBindsTheElement(
  page: E2EHarness,
  bindings: { success: string; failure: string },
  render: (flags: Record<string, string>) => Promise<Mounted>,
): void {
  const mounted = async (flags: Record<string, string>) => {
    const rendered = await render(flags);
    page.takeDownAfter(rendered.remove);
    return rendered;
  };

  it(`binds the properties (the token never as an attribute) and calls ${bindings.success} once`, async () => {
    const rendered = await mounted({ auto: 'success' });
    const { el, connectionId } = rendered;
    expect(el.connectionId).to.equal(connectionId);
    expect(el.accessToken).to.equal(TOKEN);
    expect(el.getAttributeNames().join(' ')).not.to.match(/token/i);
    await clickForOneCall(page, rendered, 'success');
  });

  it(`calls ${bindings.failure} once with the completion page’s error`, async () => {
    await clickForOneCall(page, await mounted({ auto: 'cancelled' }), 'error');
  });
}
