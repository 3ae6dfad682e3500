// Angular 21 (JIT, zoneless) rendering <bwell-connect> in a standalone component, completing real flows against
// the local emulator: `[connectionId]`, `[endpoint]`, `[trustedOrigins]` and `[accessToken]` property bindings
// and `(connection-success)` / `(connection-failure)` event bindings.
import '@angular/compiler';
import { type ApplicationRef, Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import '../../src/define.js';
import { TOKEN } from '../support/emulator.js';
import { E2EHarness } from '../support/harness.js';
import { itBindsTheElement, renderedIn, scenario, type Mounted } from './calls.js';

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
  const bound = await scenario(flags);
  // A selector of its own per test: Angular warns about two components with one selector (NG0912).
  const hostTag = `bwell-angular-test-${++bootstraps}`;
  // JIT without the CLI: the decorator is called as a function (esbuild emits standard decorators, which
  // Angular does not read).
  const App = Component({ selector: hostTag, template: TEMPLATE, schemas: [CUSTOM_ELEMENTS_SCHEMA] })(
    class ConnectExample {
      connectionId = bound.connectionId;
      endpoint = bound.endpoint;
      trustedOrigins = bound.trustedOrigins;
      accessToken = TOKEN;
      successes = bound.successes;
      failures = bound.failures;
    },
  );

  const host = document.createElement(hostTag);
  document.body.append(host);
  const app: ApplicationRef = await bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] });
  return renderedIn(host, bound, () => app.destroy());
}

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

describe('Angular 21 (JIT, zoneless) with <bwell-connect> in a standalone component', () => {
  itBindsTheElement(page, { success: '(connection-success)', failure: '(connection-failure)' }, bootstrap);
});
