// Angular 21 (JIT, zoneless) rendering <bwell-connect> in a standalone component, completing real flows against
// the local emulator: `[connectionId]`, `[endpoint]`, `[trustedOrigins]` and `[accessToken]` property bindings
// and `(connection-success)` / `(connection-failure)` event bindings.
import '@angular/compiler';
import { type ApplicationRef, Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { emulator, endpointWith, recordEvents, uniqueId } from '../support/e2e.js';
import { clickForOneCall, type ConnectionEvent, type Mounted } from './calls.js';

let bootstraps = 0;

const TEMPLATE = `
  <bwell-connect
    [connectionId]="connectionId"
    [endpoint]="endpoint"
    [trustedOrigins]="trustedOrigins"
    [accessToken]="accessToken"
    (connection-success)="successes.push($event)"
    (connection-failure)="failures.push($event)"
  >Connect Example Health</bwell-connect>
`;

async function bootstrap(flags: Record<string, string>): Promise<Mounted> {
  const { completionOrigin } = await emulator();
  const connectionId = uniqueId();
  const endpoint = await endpointWith(flags);
  const successes: ConnectionEvent[] = [];
  const failures: ConnectionEvent[] = [];

  // A selector of its own per test: Angular warns about two components with one selector (NG0912).
  const hostTag = `bwell-angular-test-${++bootstraps}`;
  // JIT without the CLI: the decorator is called as a function (esbuild emits standard decorators, which
  // Angular does not read).
  const App = Component({ selector: hostTag, template: TEMPLATE, schemas: [CUSTOM_ELEMENTS_SCHEMA] })(
    class ConnectExample {
      connectionId = connectionId;
      endpoint = endpoint;
      trustedOrigins = [completionOrigin];
      accessToken = 'test-token';
      successes = successes;
      failures = failures;
    },
  );

  const host = document.createElement(hostTag);
  document.body.append(host);
  const app: ApplicationRef = await bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] });
  const el = host.querySelector('bwell-connect')!;
  await el.updateComplete;
  return {
    el,
    connectionId,
    successes,
    failures,
    remove: () => {
      app.destroy();
      host.remove();
    },
  };
}

describe('Angular 21 (JIT, zoneless) with <bwell-connect> in a standalone component', () => {
  let mounted: Mounted | undefined;

  afterEach(() => {
    mounted?.remove();
    mounted = undefined;
  });

  it('binds the properties (the token never as an attribute) and runs (connection-success) once', async () => {
    mounted = await bootstrap({ auto: 'success' });
    const { el, connectionId } = mounted;
    const { completionOrigin } = await emulator();
    expect(el.connectionId).to.equal(connectionId);
    expect(el.trustedOrigins).to.deep.equal([completionOrigin]);
    expect(el.accessToken).to.equal('test-token');
    expect(el.getAttributeNames().join(' ')).not.to.match(/token/i);
    const dom = recordEvents(el);

    const event = await clickForOneCall(mounted, 'success');
    expect(dom.events).to.deep.equal([event]);
  });

  it('runs (connection-failure) once with the completion page’s error', async () => {
    mounted = await bootstrap({ auto: 'cancelled' });
    await clickForOneCall(mounted, 'error');
  });
});
