// Settings on the real element, end to end: empty attributes mean the defaults (with one warning that quotes
// them), bad values warn once, settings that throw or hold anything never break connect() or render, and
// properties a page set before the element was defined count in the very task it is connected in.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { DEFAULTS } from '../../src/settings.js';
import { emulator, endpointWith, requestCount, TOKEN, uniqueId } from '../support/emulator.js';
import { recordEvents } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { expectClosed } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';
import { recordWarnings } from '../support/observe.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

let warnings: ReturnType<typeof recordWarnings>;
beforeEach(() => {
  warnings = recordWarnings();
});
afterEach(() => warnings.restore());

/** Mounts an element on the emulator with `flags`, trusting its completion origin, with `attributes` as written. */
async function mountWith(
  flags: Record<string, string>,
  attributes: Record<string, string>,
): Promise<BwellConnectElement> {
  const el = await page.mount(flags);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/** The only window.open call so far, which returned a window. */
function onlyOpen() {
  expect(page.popups.openCalls, 'window.open calls').to.have.length(1);
  const [call] = page.popups.openCalls;
  expect(call!.handle, 'a window handle').not.to.equal(null);
  return call!;
}

describe('settings on the element: empty attributes are the defaults', () => {
  it('timeout="", request-timeout="", poll-interval="": the defaults (not 1 s), one warning each quoting ""', async () => {
    // The provider takes 2.5 s: an attempt cut to the 1 s minimum would end as timeout.
    const el = await mountWith(
      { auto: 'success', autoDelay: '2500' },
      { timeout: '', 'request-timeout': '', 'poll-interval': '' },
    );
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(warnings.warnings).to.have.members([
      `<bwell-connect>: timeout "" is not a number of ms within 1000…${2 ** 31 - 1}; using ${DEFAULTS.timeout}.`,
      `<bwell-connect>: request-timeout "" is not a number of ms within 1000…${2 ** 31 - 1}; using ${DEFAULTS.requestTimeout}.`,
      `<bwell-connect>: poll-interval "" is not a number of ms within 50…10000; using ${DEFAULTS.pollInterval}.`,
    ]);
    expect(warnings.warnings).to.have.length(3);
    await page.expectNoSecondEvent(recorder.events);
  });

  it('trusted-origins="": the default (b.well’s completion origin for a b.well endpoint), one warning quoting ""', async () => {
    // The emulator's endpoint is no b.well endpoint, so the default trusts only the page's own origin: the
    // custom redirect page on this origin reports the result.
    const el = await mountWith({ auto: 'expired', redirect: 'custom' }, { 'trusted-origins': '' });
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
    expect(warnings.warnings).to.deep.equal([
      `<bwell-connect>: trusted-origins "" is not a list of origins; using the default (b.well's completion page).`,
    ]);
  });
});

describe('settings on the element: bad values warn once and never block the popup', () => {
  it('popup-features="width=500 noopener" (space-separated): the popup opens without noopener, no orphan window', async () => {
    const el = await mountWith({ auto: 'success' }, { 'popup-features': 'width=500 noopener' });
    const recorder = await page.click(el);
    const call = onlyOpen();
    expect(call.features, 'the features window.open got').not.to.match(/noopener/i);
    expect(call.features).to.match(/width=500/);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    await expectClosed(call.handle!);
    expect(warnings.warnings).to.have.length(1);
    expect(warnings.warnings[0]).to.match(
      /^<bwell-connect>: popup-features "width=500 noopener" is not free of noopener/,
    );
  });

  it('trusted-origins with three bad entries and a good one: one warning for them all, the good one trusted', async () => {
    const { completionOrigin } = await emulator();
    const el = await mountWith(
      { auto: 'success' },
      { 'trusted-origins': `not-a-url ${completionOrigin} mailto:a@b.example,also-bad` },
    );
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(warnings.warnings).to.deep.equal([
      '<bwell-connect>: trusted-origins entry "not-a-url and 2 more" is not an origin; using none for it.',
    ]);
  });

  it('popupFeatures = 123 (a number): one warning quoting it, the popup opens with the default features', async () => {
    const el = await page.mount({ auto: 'success' });
    (el as unknown as { popupFeatures: unknown }).popupFeatures = 123;
    const recorder = await page.click(el);
    expect(onlyOpen().features).to.equal(DEFAULTS.popupFeatures);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(warnings.warnings).to.deep.equal([
      `<bwell-connect>: popup-features "123" is not a list of window features; using ${DEFAULTS.popupFeatures}.`,
    ]);
  });
});

describe('settings that throw or hold anything', () => {
  for (const name of ['connectionId', 'disabled'] as const) {
    it(`a ${name} getter that throws: connect() does not throw; it resolves request_failed, with one event`, async () => {
      const el = await page.mount({ auto: 'success' });
      const id = el.connectionId;
      const recorder = recordEvents(el);
      Object.defineProperty(el, name, {
        configurable: true,
        get() {
          throw new Error(`${name} getter`);
        },
      });
      let pending: ReturnType<BwellConnectElement['connect']>;
      try {
        pending = el.connect();
      } finally {
        // Lit's own accessor back in the same task, before the element renders its result.
        delete (el as unknown as Record<string, unknown>)[name];
      }
      const result = await pending;
      const expected = {
        connectionId: name === 'connectionId' ? '' : id,
        status: 'request_failed',
        message: `Reading the ${name} property threw.`,
      };
      expect(await page.nextResult(recorder)).to.deep.equal(expected);
      expect(result).to.equal(recorder.events[0]!.detail);
      expect(page.popups.openCalls, 'no popup').to.have.length(0);
      expect(await requestCount(id)).to.equal(0);
      await page.expectNoSecondEvent(recorder.events);
    });
  }

  /** The button's own label (its slot's fallback text) and the status text, once rendered. */
  async function rendered(el: BwellConnectElement): Promise<{ label: string; status: string }> {
    expect(await el.updateComplete, 'the update completed').to.equal(true);
    const slot = el.shadowRoot!.querySelector('button slot')!;
    return {
      label: slot.textContent!.trim(),
      status: el.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim(),
    };
  }

  it('strings as a Proxy whose every trap throws: the button renders with the default text', async () => {
    const el = await page.mount({});
    const trap = () => {
      throw new Error('strings trap');
    };
    el.strings = new Proxy(
      {},
      { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap },
    );
    expect(await rendered(el)).to.deep.equal({ label: 'Connect', status: '' });
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(false);
  });

  it('strings holding symbols (values and keys): the defaults for them, the strings given for the rest', async () => {
    const el = await page.mount({}, { accessToken: null });
    el.strings = {
      connect: Symbol('connect'),
      failed: 'Nope',
      reasons: { request_failed: Symbol('reason') },
      [Symbol('extra')]: 'x',
    } as unknown as BwellConnectElement['strings'];
    expect((await rendered(el)).label).to.equal('Connect');
    // A failure without a popup (no token), so its reason is rendered.
    el.endpoint = 'http://api.example/v1/graphql';
    await el.connect();
    expect(await rendered(el)).to.deep.equal({
      label: 'Connect',
      status: 'Nope: the connection could not be started.',
    });
  });

  it('the connection-id attribute removed: detail.connectionId is "" (not null)', async () => {
    const el = await page.mount({ auto: 'success' });
    const recorder = recordEvents(el);
    el.removeAttribute('connection-id');
    const result = await el.connect();
    expect(await page.nextResult(recorder)).to.deep.equal({
      connectionId: '',
      status: 'request_failed',
      message: 'Set connection-id before connecting.',
    });
    expect(result.connectionId).to.equal('');
  });
});

describe('properties set before the element is defined', () => {
  it('count when connect() is called in the task that defines it: the request goes out, openUrl gets the URL', async () => {
    const { providerOrigin } = await emulator();
    const tag = `bwell-connect-early-${Math.random().toString(36).slice(2, 10)}`;
    const id = uniqueId();
    const opened: string[] = [];
    const el = document.createElement(tag) as unknown as BwellConnectElement;
    Object.assign(el, {
      connectionId: id,
      endpoint: await endpointWith({}),
      accessToken: TOKEN,
      openUrl: (url: string) => opened.push(url),
    });
    await fixture(html`<div></div>`).then((container) => container.append(el));
    const recorder = recordEvents(el);
    // The same task: definition (the upgrade), then connect().
    customElements.define(tag, class extends BwellConnectElement {});
    const result = el.connect();
    await waitFor(() => opened.length === 1 || recorder.events.length > 0, 'neither openUrl nor an event');
    expect(recorder.events, 'no early failure').to.have.length(0);
    expect(new URL(opened[0]!).origin).to.equal(providerOrigin);
    expect(await requestCount(id)).to.equal(1);
    el.complete('cancelled');
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: id, status: 'cancelled' });
    expect((await result).status).to.equal('cancelled');
    expect(page.popups.openCalls, 'no popup: openUrl counted').to.have.length(0);
  });
});

describe('defaults as documented', () => {
  it('a new element reads the default the manifest documents for each setting, and `undefined` or `null` reads it too', async () => {
    type Member = { kind: string; name: string; default?: string };
    type Declaration = { tagName?: string; members?: Member[] };
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: Array<{ declarations?: Declaration[] }>;
    };
    const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.tagName);
    const documented = (element?.members ?? []).filter(
      (member) => member.kind === 'field' && member.default !== undefined && !member.name.startsWith('#'),
    );
    expect(documented.map((member) => member.name)).to.have.members([
      'connectionId',
      'endpoint',
      'timeout',
      'pollInterval',
      'requestTimeout',
      'verifySuccess',
      'popupFeatures',
      'mode',
      'noServerCheck',
      'disabled',
      'strings',
    ]);
    const el = document.createElement('bwell-connect') as BwellConnectElement;
    const properties = el as unknown as Record<string, unknown>;
    for (const { name, default: text } of documented) {
      // The manifest quotes strings as the source does: '…'.
      const value: unknown = JSON.parse(text!.replace(/^'(.*)'$/, (_, inner: string) => JSON.stringify(inner)));
      expect(properties[name], name).to.deep.equal(value);
      if (name === 'strings') continue; // An object a page may fill in place: it is never replaced.
      for (const dropped of [undefined, null]) {
        properties[name] = dropped;
        expect(properties[name], `${name} set to ${dropped}`).to.deep.equal(value);
      }
    }
    expect(DEFAULTS.timeout, 'the table the element reads').to.equal(properties['timeout']);
  });
});

describe('what Lit’s development build says about the element', () => {
  it('nothing but its own dev-mode notice: no deprecation warning about how the element is built', () => {
    // Lit's development build keeps every warning it issued, once per kind, in this global set.
    const issued = (globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings;
    expect(issued, 'the development build ran').to.be.an.instanceOf(Set);
    const ours = [...issued!].filter((warning) => !warning.includes('lit.dev/msg/dev-mode'));
    expect(ours).to.deep.equal([]);
  });
});
