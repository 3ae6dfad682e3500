// React 19 (react-dom/client) rendering <bwell-connect> two ways, each completing real flows against the local
// emulator: the plain element, to which React 19 passes properties as properties and `on<event>` props as
// listeners, and the `bwell-connect/react` wrapper with its typed onConnectionSuccess / onConnectionFailure.
import { expect } from '@open-wc/testing';
import { createElement, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from '../../src/events.js';
import { BwellConnect } from '../../src/react.js';
import { TOKEN } from '../support/emulator.js';
import { E2EHarness } from '../support/harness.js';
import { clickForOneCall, itBindsTheElement, renderedElement, scenario, type Mounted, type Scenario } from './calls.js';

let host: HTMLElement;
let root: Root;

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  flushSync(() => root.unmount());
  host.remove();
});

/** Renders synchronously and returns the element React made. */
async function render(node: ReactNode): Promise<BwellConnectElement> {
  flushSync(() => root.render(node));
  return renderedElement(host);
}

describe('React 19 with the plain <bwell-connect> element', () => {
  /** React 19 sets the props as properties, and adds a listener for an `on`-prop that is not a React event. */
  async function renderPlain(flags: Record<string, string>): Promise<Mounted> {
    const { successes, failures, ...props } = await scenario(flags);
    const el = await render(
      createElement(
        'bwell-connect',
        {
          ...props,
          accessToken: TOKEN,
          'onconnection-success': (event: ConnectionSuccessEvent) => successes.push(event),
          'onconnection-failure': (event: ConnectionFailureEvent) => failures.push(event),
        },
        'Connect Example Health',
      ),
    );
    // The root is unmounted after each test.
    return { el, connectionId: props.connectionId, successes, failures, remove: () => undefined };
  }

  itBindsTheElement(page, { success: 'onconnection-success', failure: 'onconnection-failure' }, renderPlain);
});

describe('React 19 with the bwell-connect/react wrapper', () => {
  function wrapped({ successes, failures, ...props }: Scenario) {
    return createElement(
      BwellConnect,
      {
        ...props,
        accessToken: async () => TOKEN,
        onConnectionSuccess: (event) => successes.push(event),
        onConnectionFailure: (event) => failures.push(event),
      },
      'Connect Example Health',
    );
  }

  it('calls onConnectionSuccess once with the detail, and only the handler of the latest render', async () => {
    const bound = await scenario({ auto: 'success' });
    const stale = { ...bound, successes: [], failures: [] };
    await render(wrapped(stale));
    const el = await render(wrapped(bound));
    expect(el.connectionId).to.equal(bound.connectionId);
    expect(el.accessToken).to.be.a('function');

    await clickForOneCall(page, { el, ...bound }, 'success');
    expect([...stale.successes, ...stale.failures], 'calls of the first render’s handlers').to.have.length(0);
  });

  it('calls onConnectionFailure once with the completion page’s error', async () => {
    const bound = await scenario({ auto: 'cancelled' });
    const el = await render(wrapped(bound));
    await clickForOneCall(page, { el, ...bound }, 'error');
  });
});
