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
import { emulator, endpointWith, recordEvents, uniqueId } from '../support/e2e.js';
import { clickForOneCall, type ConnectionEvent } from './calls.js';

let host: HTMLElement;
let root: Root;

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
  const el = host.querySelector('bwell-connect');
  expect(el, 'React rendered <bwell-connect>').to.be.instanceOf(HTMLElement);
  await el!.updateComplete;
  return el!;
}

async function scenario(flags: Record<string, string>) {
  const { completionOrigin } = await emulator();
  return { connectionId: uniqueId(), endpoint: await endpointWith(flags), trustedOrigins: [completionOrigin] };
}

describe('React 19 with the plain <bwell-connect> element', () => {
  /** React 19 adds a listener for an `on`-prop whose name is not a React event: `onconnection-success`. */
  function plain(props: Record<string, unknown>, successes: ConnectionEvent[], failures: ConnectionEvent[]) {
    return createElement(
      'bwell-connect',
      {
        ...props,
        'onconnection-success': (event: ConnectionSuccessEvent) => successes.push(event),
        'onconnection-failure': (event: ConnectionFailureEvent) => failures.push(event),
      },
      'Connect Example Health',
    );
  }

  it('sets the props as properties (the token never as an attribute) and calls onconnection-success once', async () => {
    const props = await scenario({ auto: 'success' });
    const successes: ConnectionEvent[] = [];
    const failures: ConnectionEvent[] = [];
    const el = await render(plain({ ...props, accessToken: 'test-token' }, successes, failures));
    expect(el.connectionId).to.equal(props.connectionId);
    expect(el.trustedOrigins).to.deep.equal(props.trustedOrigins);
    expect(el.accessToken).to.equal('test-token');
    expect(el.getAttributeNames().join(' ')).not.to.match(/token/i);
    const dom = recordEvents(el);

    const event = await clickForOneCall({ el, connectionId: props.connectionId, successes, failures }, 'success');
    expect(dom.events).to.deep.equal([event]);
  });

  it('calls onconnection-failure once with the completion page’s error', async () => {
    const props = await scenario({ auto: 'cancelled' });
    const successes: ConnectionEvent[] = [];
    const failures: ConnectionEvent[] = [];
    const el = await render(plain({ ...props, accessToken: 'test-token' }, successes, failures));

    await clickForOneCall({ el, connectionId: props.connectionId, successes, failures }, 'error');
  });
});

describe('React 19 with the bwell-connect/react wrapper', () => {
  function wrapped(props: Awaited<ReturnType<typeof scenario>>, successes: ConnectionEvent[], failures: ConnectionEvent[]) {
    return createElement(
      BwellConnect,
      {
        ...props,
        accessToken: async () => 'test-token',
        onConnectionSuccess: (event) => successes.push(event),
        onConnectionFailure: (event) => failures.push(event),
      },
      'Connect Example Health',
    );
  }

  it('calls onConnectionSuccess once with the detail, and only the handler of the latest render', async () => {
    const props = await scenario({ auto: 'success' });
    const stale: ConnectionEvent[] = [];
    await render(wrapped(props, stale, stale));
    const successes: ConnectionEvent[] = [];
    const failures: ConnectionEvent[] = [];
    const el = await render(wrapped(props, successes, failures));
    expect(el.connectionId).to.equal(props.connectionId);
    expect(el.accessToken).to.be.a('function');

    await clickForOneCall({ el, connectionId: props.connectionId, successes, failures }, 'success');
    expect(stale).to.have.length(0);
  });

  it('calls onConnectionFailure once with the completion page’s error', async () => {
    const props = await scenario({ auto: 'cancelled' });
    const successes: ConnectionEvent[] = [];
    const failures: ConnectionEvent[] = [];
    const el = await render(wrapped(props, successes, failures));

    await clickForOneCall({ el, connectionId: props.connectionId, successes, failures }, 'error');
  });
});
