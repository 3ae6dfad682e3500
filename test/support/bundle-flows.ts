// The flows both built bundles must complete against the emulator, shared by test/bundle*.test.ts. Nothing
// from src/ is imported but types: the element under test is the one the bundle defined.
import { expect } from '@open-wc/testing';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { emulator, endpointWith, realClick, recordEvents, settleTime, uniqueId } from './e2e.js';

/** Adds a `<bwell-connect>` (as the bundle defined it) on the emulator, set up as a page would. */
async function mountBuilt(flags: Record<string, string>): Promise<BwellConnectElement> {
  const { completionOrigin } = await emulator();
  const el = document.createElement('bwell-connect') as BwellConnectElement;
  el.setAttribute('connection-id', uniqueId());
  el.setAttribute('endpoint', await endpointWith(flags));
  el.setAttribute('trusted-origins', completionOrigin);
  el.accessToken = 'test-token';
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const flows: Array<{ name: string; flags: Record<string, string>; type: string; status: string }> = [
  { name: 'completes a flow: exactly one connection-success', flags: { auto: 'success' }, type: 'connection-success', status: 'success' },
  {
    name: 'reports the completion page’s status-failure: exactly one connection-failure, status error',
    flags: { auto: 'cancelled' },
    type: 'connection-failure',
    status: 'error',
  },
  {
    name: 'reads status_code=expired from the custom redirect page by polling',
    flags: { redirect: 'custom', auto: 'expired' },
    type: 'connection-failure',
    status: 'expired',
  },
];

/** Registers the shared flows as tests of the current `describe`. */
export function itCompletesTheFlows(): void {
  afterEach(() => {
    for (const el of document.querySelectorAll('bwell-connect')) el.remove();
  });

  for (const flow of flows) {
    it(flow.name, async () => {
      const el = await mountBuilt(flow.flags);
      const { events, next } = recordEvents(el);
      await realClick(el);
      const event = await next();
      expect(event.type).to.equal(flow.type);
      expect(event.detail).to.deep.include({ connectionId: el.connectionId, status: flow.status });
      await settleTime(800);
      expect(events).to.have.length(1);
    });
  }
}
