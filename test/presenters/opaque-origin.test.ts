// An element in an iframe sandboxed without allow-same-origin has an opaque origin, and so has every popup it
// opens unless the sandbox lets popups escape it: b.well's completion page then posts its status from the
// origin "null", which can never be trusted. The attempt must end at once as error naming the fix
// (OPAQUE_ORIGIN_MESSAGE), not wait for its timeout; with allow-popups-to-escape-sandbox the flow succeeds.
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { OPAQUE_ORIGIN_MESSAGE } from '../../src/attempt/popup.js';
import type { ConnectionResult } from '../../src/status.js';
import { emulator, endpointWith, uniqueId } from '../support/emulator.js';
import { reported, type Reported } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** What the sandboxed host page posts to the test page. */
type FrameMessage =
  | { kind: 'ready'; rect: { x: number; y: number; width: number; height: number }; origin: string }
  | { kind: 'event'; type: string; detail: ConnectionResult };

/** A host page in a sandboxed iframe, seen only through the messages it posts (its origin is opaque). */
class SandboxedHost {
  readonly frame = document.createElement('iframe');
  readonly messages: FrameMessage[] = [];
  readonly #listen = (event: MessageEvent) => {
    if (event.source === this.frame.contentWindow) this.messages.push(event.data as FrameMessage);
  };

  constructor(sandbox: string, query: Record<string, string>) {
    window.addEventListener('message', this.#listen);
    this.frame.setAttribute('sandbox', sandbox);
    this.frame.style.cssText = 'width: 400px; height: 120px; border: 0';
    this.frame.src = `/test/fixtures/sandboxed-host.html?${new URLSearchParams(query)}`;
    document.body.append(this.frame);
  }

  events(): Array<Extract<FrameMessage, { kind: 'event' }>> {
    return this.messages.filter((m): m is Extract<FrameMessage, { kind: 'event' }> => m.kind === 'event');
  }

  /** Clicks the page's button with the real mouse, once the page has said where it is. */
  async click(): Promise<void> {
    await waitFor(() => this.messages.some((m) => m.kind === 'ready'), 'the sandboxed page never got ready', 10_000);
    const ready = this.messages.find((m): m is Extract<FrameMessage, { kind: 'ready' }> => m.kind === 'ready')!;
    expect(ready.origin, 'the page’s origin').to.equal('null');
    this.frame.scrollIntoView({ block: 'center' });
    const frame = this.frame.getBoundingClientRect();
    const { x, y, width, height } = ready.rect;
    await sendMouse({
      type: 'click',
      position: [Math.round(frame.x + x + width / 2), Math.round(frame.y + y + height / 2)],
    });
  }

  /** The first terminal event's detail, once it arrived; checks its type against its status. */
  async result(timeout?: number): Promise<Reported> {
    await waitFor(() => this.events().length > 0, 'no event from the sandboxed page', timeout);
    const [{ type, detail }] = this.events() as [Extract<FrameMessage, { kind: 'event' }>];
    expect(type).to.equal(detail.status === 'success' ? 'connection-success' : 'connection-failure');
    return reported(detail);
  }

  stop(): void {
    window.removeEventListener('message', this.#listen);
  }
}

describe('an element whose origin is opaque (an iframe sandboxed without allow-same-origin)', () => {
  let host: SandboxedHost | undefined;
  afterEach(() => host?.stop());

  async function start(sandbox: string): Promise<{ host: SandboxedHost; id: string }> {
    const { completionOrigin } = await emulator();
    const id = uniqueId();
    const endpoint = await endpointWith({ auto: 'success' });
    host = new SandboxedHost(sandbox, { id, endpoint, trusted: completionOrigin });
    await host.click();
    return { host, id };
  }

  it('its popup, sandboxed too, reaches b.well’s completion page: one error at once, naming allow-popups-to-escape-sandbox', async () => {
    const { host, id } = await start('allow-scripts allow-popups');
    const detail = await host.result();
    expect(detail).to.deep.equal({ connectionId: id, status: 'error', message: OPAQUE_ORIGIN_MESSAGE });
    expect(OPAQUE_ORIGIN_MESSAGE).to.include('allow-popups-to-escape-sandbox');
    expect(host.events()[0]!.detail.durationMs, 'long before the 5-minute timeout').to.be.below(30_000);
    await page.expectNoSecondEvent(host.events());
  });

  it('with allow-popups-to-escape-sandbox the popup has real origins: one success', async () => {
    const { host, id } = await start('allow-scripts allow-popups allow-popups-to-escape-sandbox');
    expect(await host.result()).to.deep.equal({ connectionId: id, status: 'success' });
    await page.expectNoSecondEvent(host.events());
  });
});
