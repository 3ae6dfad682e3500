// Vue 3 (the browser build, with its template compiler) rendering <bwell-connect> from a template, completing
// real flows against the local emulator: `:connection-id` and `:endpoint` bindings, `@connection-success` and
// `@connection-failure` listeners, and the token set as a property through a template ref.
import { expect } from '@open-wc/testing';
import type * as VueTypes from 'vue';
// @ts-expect-error -- the browser build has no declaration file of its own; its API is the 'vue' package's.
import * as VueBrowser from 'vue/dist/vue.esm-browser.js';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { emulator, endpointWith, recordEvents, uniqueId } from '../support/e2e.js';
import { clickForOneCall, type ConnectionEvent, type Mounted } from './calls.js';

const { createApp, onMounted, ref } = VueBrowser as typeof VueTypes;

const TEMPLATE = `
  <bwell-connect
    ref="connect"
    :connection-id="connectionId"
    :endpoint="endpoint"
    :trusted-origins="trustedOrigin"
    @connection-success="successes.push($event)"
    @connection-failure="failures.push($event)"
  >Connect Example Health</bwell-connect>
`;

async function mount(flags: Record<string, string>): Promise<Mounted> {
  const { completionOrigin } = await emulator();
  const connectionId = uniqueId();
  const endpoint = await endpointWith(flags);
  // Plain arrays, not reactive ones: the test reads exactly the event objects the element dispatched.
  const successes: ConnectionEvent[] = [];
  const failures: ConnectionEvent[] = [];
  const host = document.createElement('div');
  document.body.append(host);

  const app = createApp({
    template: TEMPLATE,
    setup() {
      const connect = ref<BwellConnectElement>();
      onMounted(() => {
        connect.value!.accessToken = 'test-token';
      });
      return { connect, connectionId, endpoint, trustedOrigin: completionOrigin, successes, failures };
    },
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag === 'bwell-connect';
  app.mount(host);

  const el = host.querySelector('bwell-connect')!;
  await el.updateComplete;
  return {
    el,
    connectionId,
    successes,
    failures,
    remove: () => {
      app.unmount();
      host.remove();
    },
  };
}

describe('Vue 3 with <bwell-connect> in a template', () => {
  let mounted: Mounted | undefined;

  afterEach(() => {
    mounted?.remove();
    mounted = undefined;
  });

  it('passes the bindings, keeps the token a property, and calls @connection-success once', async () => {
    mounted = await mount({ auto: 'success' });
    const { el, connectionId } = mounted;
    expect(el.connectionId).to.equal(connectionId);
    expect(el.accessToken).to.equal('test-token');
    expect(el.getAttributeNames().join(' ')).not.to.match(/token/i);
    const dom = recordEvents(el);

    const event = await clickForOneCall(mounted, 'success');
    expect(dom.events).to.deep.equal([event]);
  });

  it('calls @connection-failure once with the completion page’s error', async () => {
    mounted = await mount({ auto: 'cancelled' });
    await clickForOneCall(mounted, 'error');
  });
});
