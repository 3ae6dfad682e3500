// The element's progress, a public API: a connection-progress event (bubbling, composed) on every change of
// phase, the phase attribute and property, and on every terminal event an attemptId and a durationMs.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionResult } from '../../src/status.js';
import { waitFor } from '../support/wait-for.js';
import { expectClosed } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';
import { recordPhaseAttribute, recordProgress } from '../support/observe.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** Mounts an element inside a shadow root, so the events are seen crossing it (composed) on the document. */
async function mountInShadow(flags: Record<string, string>): Promise<BwellConnectElement> {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  const root = host.attachShadow({ mode: 'open' });
  const el = await page.mount(flags);
  root.append(el);
  await el.updateComplete;
  return el;
}

describe('connection-progress and the phase attribute', () => {
  for (const [name, verify, phases] of [
    ['a popup attempt', false, ['opening', 'requesting-url', 'at-provider', 'idle']],
    [
      'a popup attempt with verify-success',
      true,
      ['opening', 'requesting-url', 'at-provider', 'confirming-success', 'idle'],
    ],
  ] as const) {
    it(`${name}: ${phases.join(' → ')}, each bubbling and composed, then one terminal event`, async () => {
      const el = await mountInShadow({ auto: 'success' });
      el.verifySuccess = verify;
      await el.updateComplete;
      expect(el.getAttribute('phase'), 'before any attempt').to.equal('idle');
      expect(el.phase).to.equal('idle');
      // Heard on the document: the events bubble out of the shadow root the element lives in.
      const progress = recordProgress(document, el);
      const attribute = recordPhaseAttribute(el);
      const order: string[] = [];
      const note = (event: Event) =>
        order.push(
          event.type === 'connection-progress' ? (event as CustomEvent<{ phase: string }>).detail.phase : event.type,
        );
      for (const type of ['connection-progress', 'connection-success', 'connection-failure'])
        document.addEventListener(type, note);
      let phaseAtResult: unknown;
      el.addEventListener('connection-success', () => (phaseAtResult = el.phase));
      // A slow click (WebKit's) may find the URL the press asked for already at hand: the popup then opens on it,
      // and the attempt never waits in requesting-url.
      const opened: string[] = [];
      const open = window.open;
      window.open = function (this: Window, ...args: Parameters<Window['open']>) {
        opened.push(String(args[0]));
        return open.apply(this, args);
      };
      try {
        const recorder = await page.click(el);
        window.open = open;
        expect(opened, 'one window.open').to.have.length(1);
        const expected = opened[0] === 'about:blank' ? phases : phases.filter((phase) => phase !== 'requesting-url');
        const result = await page.nextResult(recorder);
        expect(result).to.deep.equal({
          connectionId: el.connectionId,
          status: 'success',
          ...(verify ? { verified: true } : {}),
        });
        await el.updateComplete;
        expect(progress.map((p) => p.phase)).to.deep.equal(expected);
        for (const record of progress) {
          expect(record, record.phase).to.deep.include({
            connectionId: el.connectionId,
            bubbles: true,
            composed: true,
          });
          expect(record.phaseProperty, `el.phase during ${record.phase}`).to.equal(record.phase);
        }
        expect(order, 'the result after the return to idle').to.deep.equal([...expected, 'connection-success']);
        expect(phaseAtResult, 'idle when the result is reported').to.equal('idle');
        // The attribute follows each phase that outlasts a microtask: 'opening' lasts only within the click,
        // unless the browser runs microtasks inside window.open (Firefox does).
        const shown = [expected, expected.filter((phase) => phase !== 'opening')].map((list) => list.join(' → '));
        expect(shown).to.include(attribute.values.join(' → '));
        expect(el.getAttribute('phase')).to.equal('idle');
        await page.expectNoSecondEvent(recorder.events);
        expect(progress, 'no progress after the end').to.have.length(expected.length);
      } finally {
        window.open = open;
        attribute.stop();
        for (const type of ['connection-progress', 'connection-success', 'connection-failure'])
          document.removeEventListener(type, note);
      }
    });
  }

  it('a failure ends in idle too, and the attribute shows the phase the attempt is in while it waits', async () => {
    // The URL answers late, so the click always finds it still on its way: a fast engine's press could
    // otherwise have it at hand by the click, and the attempt would skip `requesting-url` (as it should).
    const el = await page.mount({ auto: 'stay', delay: '300' });
    const progress = recordProgress(el, el);
    const recorder = await page.click(el);
    await waitFor(() => el.phase === 'at-provider', 'the popup never reached the provider');
    await el.updateComplete;
    expect(el.getAttribute('phase')).to.equal('at-provider');
    el.cancel();
    expect(await page.nextResult(recorder)).to.deep.include({ status: 'aborted' });
    await el.updateComplete;
    expect(el.getAttribute('phase')).to.equal('idle');
    expect(progress.map((p) => p.phase)).to.deep.equal(['opening', 'requesting-url', 'at-provider', 'idle']);
  });
});

describe('every terminal event carries an attemptId and a durationMs', () => {
  const hex16 = /^[0-9a-f]{16}$/;

  it('two attempts: distinct 16-hex attemptIds, neither in the popup’s window name; durations within the wall time', async () => {
    const el = await page.mount({ auto: 'success' });
    const details: ConnectionResult[] = [];
    const names: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const began = performance.now();
      const recorder = await page.click(el);
      await page.nextResult(recorder);
      const elapsed = performance.now() - began;
      const detail = recorder.events[0]!.detail;
      details.push(detail);
      const call = page.popups.openCalls[attempt]!;
      names.push(call.target!);
      await expectClosed(call.handle!);
      expect(detail.attemptId).to.match(hex16);
      expect(detail.durationMs)
        .to.be.a('number')
        .and.at.least(0)
        .and.at.most(elapsed + 50);
      await el.updateComplete;
    }
    expect(details[0]!.attemptId).not.to.equal(details[1]!.attemptId);
    for (const [index, name] of names.entries()) {
      const nonce = /^bwell-connect-([0-9a-f]{32})$/.exec(name)?.[1];
      expect(nonce, `window name ${name}`).to.be.a('string');
      for (const { attemptId } of details) {
        expect(nonce, `attempt ${index}'s nonce`).not.to.include(attemptId);
      }
    }
  });

  it('endings without a popup have them too: popup_blocked, a missing connection id', async () => {
    const el = await page.mount({ auto: 'success' });
    // No user gesture: the popup is blocked.
    const blocked = await el.connect();
    el.connectionId = '';
    const missing = await el.connect();
    for (const detail of [blocked, missing]) {
      expect(detail.attemptId, detail.status).to.match(hex16);
      expect(detail.durationMs, detail.status).to.be.a('number').and.at.least(0);
    }
    expect([blocked.status, missing.status]).to.deep.equal(['popup_blocked', 'request_failed']);
    expect(blocked.attemptId).not.to.equal(missing.attemptId);
  });

  it('connect() while an attempt runs starts none: it returns that attempt’s result, the one event’s detail', async () => {
    const el = await page.mount({ auto: 'success', autoDelay: '1000' });
    const recorder = await page.click(el);
    const again = el.connect();
    await page.nextResult(recorder);
    expect(await again).to.equal(recorder.events[0]!.detail);
    expect(page.popups.openCalls, 'one popup').to.have.length(1);
    await page.expectNoSecondEvent(recorder.events);
  });
});
