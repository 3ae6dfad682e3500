// Vue 3 (the browser build, with its template compiler) rendering <bwell-connect> from a template, completing
// real flows against the local emulator: `:connection-id` and `:endpoint` bindings, `@connection-success` and
// `@connection-failure` listeners, and the token set as a property through a template ref.
import type * as VueTypes from 'vue';
// @ts-expect-error -- the browser build has no declaration file of its own; its API is the 'vue' package's.
import * as VueBrowser from 'vue/dist/vue.esm-browser.js';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { TOKEN } from '../support/emulator.js';
import { E2EHarness } from '../support/harness.js';
import { itBindsTheElement, renderedIn, scenario, type Mounted } from './calls.js';

const { createApp, onMounted, ref } = VueBrowser as typeof VueTypes;

const TEMPLATE = `
  <bwell-connect
    ref="connect"
    :connection-id="connectionId"
    :endpoint="endpoint"
    :trusted-origins="trustedOrigins"
    @connection-success="successes.push($event)"
    @connection-failure="failures.push($event)"
  >Connect Example Health</bwell-connect>
`;

async function render(flags: Record<string, string>): Promise<Mounted> {
  const bound = await scenario(flags);
  const host = document.createElement('div');
  document.body.append(host);

  const app = createApp({
    template: TEMPLATE,
    setup() {
      const connect = ref<BwellConnectElement>();
      onMounted(() => {
        connect.value!.accessToken = TOKEN;
      });
      return { connect, ...bound };
    },
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag === 'bwell-connect';
  app.mount(host);

  return renderedIn(host, bound, () => app.unmount());
}

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

describe('Vue 3 with <bwell-connect> in a template', () => {
  itBindsTheElement(page, { success: '@connection-success', failure: '@connection-failure' }, render);
});
