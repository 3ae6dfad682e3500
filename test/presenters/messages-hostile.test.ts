import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { CALLBACK_MESSAGE_TYPE, nonceFromWindowName } from '../../src/protocol.js';
import { realClick } from '../support/e2e.js';
import { emulator } from '../support/emulator.js';
import { type Recorder, cancelled } from '../support/results.js';
import { expectClosed } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';
import { postFromPopup, runInPopup } from '../support/popups.js';

// Each test sends its spoofs, waits until the page has received them (see recordMessages: by then the element
// has handled them too), checks that no event came, and ends the attempt with a genuine report: the first
// event being that report's proves every spoof before it was ignored.

/** The popup stays on about:blank (the page's own origin, trusted) while the URL request hangs for 15 s. */
const STAYS_BLANK = { auto: 'stay', delay: '15000' };

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());
let providerOrigin: string;
let completionOrigin: string;

beforeEach(async () => {
  ({ providerOrigin, completionOrigin } = await emulator());
});

/** The attempt's nonce, which names its popup window. */
function nonceOf(popup: Window): string {
  const nonce = nonceFromWindowName(popup.name);
  expect(nonce, 'the popup is named for the attempt').to.be.a('string');
  return nonce!;
}

/**
 * Proves the messages so far were ignored: no event yet, then a genuine status-failure from the popup ends
 * the attempt as error, the first event.
 */
async function expectIgnoredUntilTheRealOne(el: BwellConnectElement, recorder: Recorder, popup: Window): Promise<void> {
  expect(
    recorder.events.map((e) => e.detail),
    'no event from the spoofed messages',
  ).to.deep.equal([]);
  runInPopup(popup, "window.opener.postMessage('status-failure', '*');");
  expect(await page.nextResult(recorder)).to.deep.equal({
    connectionId: el.connectionId,
    status: 'error',
    message: 'b.well reported status-failure.',
  });
  await expectClosed(popup);
}

/** Opens a second window with a real click on a button of the page (the popup blocker is on). */
async function openOtherWindow(url: string): Promise<Window> {
  let other: Window | null = null;
  const button = await fixture<HTMLButtonElement>(
    html`<button @click=${() => (other = window.open(url, 'other-window', 'width=300,height=300'))}>open</button>`,
  );
  await realClick(button);
  expect(other, 'the other window opened').to.not.equal(null);
  return other!;
}

describe('hostile input: messages count only from the attempt’s popup, on a trusted origin, in the exact form', () => {
  it('ignores status-success from an iframe on another origin', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const iframe = await fixture<HTMLIFrameElement>(
      html`<iframe src=${`${providerOrigin}/post.html?data=status-success&to=parent`}></iframe>`,
    );
    await page.messages.waitFrom(() => iframe.contentWindow, 'the iframe');
    await expectIgnoredUntilTheRealOne(el, recorder, popup);
  });

  it('ignores status-success from an iframe on the trusted completion origin (it is not the popup)', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const iframe = await fixture<HTMLIFrameElement>(
      html`<iframe src=${`${completionOrigin}/post.html?data=status-success&to=parent`}></iframe>`,
    );
    await page.messages.waitFrom(() => iframe.contentWindow, 'the iframe');
    expect(page.messages.messages.find((m) => m.source === iframe.contentWindow)?.origin).to.equal(completionOrigin);
    await expectIgnoredUntilTheRealOne(el, recorder, popup);
  });

  it('ignores status-success from another window on the trusted completion origin', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const other = await openOtherWindow(`${completionOrigin}/post.html?data=status-success&to=opener`);
    try {
      await page.messages.waitFrom(other, 'the other window');
      await expectIgnoredUntilTheRealOne(el, recorder, popup);
    } finally {
      other.close();
    }
  });

  it('ignores status-success from the popup while it shows an untrusted origin (auto=spoof)', async () => {
    const { el, recorder } = await page.start({ auto: 'spoof' });
    const popup = page.popup();
    await page.messages.waitFrom(popup, 'the popup');
    const spoof = page.messages.messages.find((m) => m.source === popup)!;
    expect([spoof.origin, spoof.data]).to.deep.equal([providerOrigin, 'status-success']);
    expect(recorder.events, 'the spoof was ignored').to.have.length(0);
    el.cancel();
    expect(await page.nextResult(recorder)).to.deep.equal(cancelled(el));
    await expectClosed(popup);
  });

  it('ignores the callback message with the attempt’s own nonce from the popup on an untrusted origin', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const data = JSON.stringify({ type: CALLBACK_MESSAGE_TYPE, nonce: nonceOf(popup), statusCode: 'success' });
    popup.location.href = `${providerOrigin}/post.html?to=opener&json=${encodeURIComponent(data)}`;
    await page.messages.waitFrom(popup, 'the popup');
    expect(recorder.events, 'the message was ignored').to.have.length(0);
    el.cancel();
    expect((await page.nextResult(recorder)).status).to.equal('aborted');
  });

  it('accepts the same callback message from the popup on the trusted completion origin (the control)', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const data = JSON.stringify({ type: CALLBACK_MESSAGE_TYPE, nonce: nonceOf(popup), statusCode: 'expired' });
    popup.location.href = `${completionOrigin}/post.html?to=opener&json=${encodeURIComponent(data)}`;
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
    await expectClosed(popup);
  });

  it('ignores status-success and the callback message posted by the page itself (window.postMessage)', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    window.postMessage('status-success', '*');
    window.postMessage({ type: 'bwell-connect:status', nonce: nonceOf(popup), statusCode: 'success' }, '*');
    await page.messages.waitFrom(window, 'the page', 2);
    expect(page.messages.messages[0]!.origin, 'the page’s own, trusted origin').to.equal(location.origin);
    await expectIgnoredUntilTheRealOne(el, recorder, popup);
  });

  it('ignores messages on the callback helper’s BroadcastChannel without the attempt’s nonce; takes the one with it', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const nonce = nonceOf(popup);
    const channel = new BroadcastChannel('bwell-connect');
    try {
      // A channel delivers in order: were any of these taken, the first event would be its success.
      for (const data of [
        'status-success',
        { type: 'bwell-connect:status', nonce: 'someone-else', statusCode: 'success' },
        { type: 'bwell-connect:status', statusCode: 'success' },
        { type: 'bwell-connect:Status', nonce, statusCode: 'success' },
        { type: 'bwell-connect:status', nonce, statusCode: 'cancelled' },
      ]) {
        channel.postMessage(data);
      }
      expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'cancelled' });
      await expectClosed(popup);
    } finally {
      channel.close();
    }
  });

  it('ignores every other shape, even from the popup on a trusted origin; then takes the callback message with the nonce', async () => {
    const { el, recorder, popup } = await page.start(STAYS_BLANK);
    const nonce = nonceOf(popup);
    const shapes: unknown[] = [
      { status: 'success' },
      { data: 'status-success' },
      ['status-success'],
      { type: 'bwell-connect:status', nonce: 'someone-else', statusCode: 'success' },
      { type: 'bwell-connect:status', statusCode: 'success' },
      { type: 'bwell-connect:Status', nonce, statusCode: 'success' },
      { type: 'bwell-connect:status', nonce, statusCode: 1 },
      { type: 'bwell-connect:status', nonce: [nonce], statusCode: 'success' },
      1,
      0,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      null,
      undefined,
      '',
      'success',
      'status-success ',
      ' status-success',
      'status-success\n',
      'STATUS-SUCCESS',
      'Status-Success',
      'status_success',
      'status-failure ',
      'STATUS-FAILURE',
      `status-success${'x'.repeat(1024 * 1024)}`,
      'x'.repeat(1024 * 1024),
      new Date(),
      new Map([['status', 'success']]),
      new Uint8Array([1, 2, 3]),
      new Blob(['status-success']),
    ];
    const post = postFromPopup(popup);
    for (const data of shapes) post(data);
    await page.messages.waitFrom(popup, 'the popup', shapes.length);
    expect(recorder.events, 'no shape counted').to.have.length(0);
    post({ type: 'bwell-connect:status', nonce, statusCode: 'unauthorized' });
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'unauthorized' });
  });
});
