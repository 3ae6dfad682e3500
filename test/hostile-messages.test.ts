import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BwellConnectElement } from '../src/bwell-connect-element.js';
import { emulator, expectClosed, mount, realClick, recordEvents, settleTime } from './support/e2e.js';
import { onlyPopup, onlyResult, postFromPopup, recordMessages, recordPopups, runInPopup, type Recorder } from './hostile-support.js';

/** The popup stays on about:blank (the page's own origin, trusted) while the URL request hangs for 15 s. */
const STAYS_BLANK = { auto: 'stay', delay: '15000' };

let popups: ReturnType<typeof recordPopups>;
let messages: ReturnType<typeof recordMessages>;
let providerOrigin: string;
let completionOrigin: string;

beforeEach(async () => {
  ({ providerOrigin, completionOrigin } = await emulator());
  popups = recordPopups();
  messages = recordMessages();
});
afterEach(() => {
  messages.stop();
  popups.restore();
});

/** Starts an attempt whose popup stays blank; returns the element, its events and the popup. */
async function startBlankAttempt(): Promise<{ el: BwellConnectElement; recorder: Recorder; popup: Window }> {
  const el = await mount(STAYS_BLANK);
  const recorder = recordEvents(el);
  await realClick(el);
  return { el, recorder, popup: onlyPopup(popups) };
}

/** The attempt's nonce, which names its popup window. */
function nonceOf(popup: Window): string {
  const nonce = /^bwell-connect-([0-9a-f]{32})$/.exec(popup.name)?.[1];
  expect(nonce, 'the popup is named for the attempt').to.be.a('string');
  return nonce!;
}

/** Waits until the page has received a message from `source`. */
function waitForMessageFrom(source: () => unknown, what: string): Promise<void> {
  return waitUntil(() => messages.messages.some((m) => m.source !== null && m.source === source()), `no message from ${what}`, {
    timeout: 15_000,
    interval: 20,
  });
}

/**
 * Proves the messages so far were ignored: no event yet, then a genuine status-failure from the popup ends
 * the attempt as error, and it is the only event.
 */
async function expectIgnoredUntilTheRealOne(el: BwellConnectElement, recorder: Recorder, popup: Window): Promise<void> {
  await settleTime(300);
  expect(recorder.events.map((e) => e.detail), 'no event from the spoofed messages').to.deep.equal([]);
  runInPopup(popup, "window.opener.postMessage('status-failure', '*');");
  expect(await onlyResult(recorder)).to.deep.equal({
    connectionId: el.connectionId,
    status: 'error',
    message: 'b.well reported status-failure.',
  });
  await expectClosed(popup);
}

/** Opens a second window with a real click on a button of the page (the popup blocker is on). */
async function openOtherWindow(url: string): Promise<Window> {
  let other: Window | null = null;
  const button = await fixture<HTMLButtonElement>(html`<button @click=${() => (other = window.open(url, 'other-window', 'width=300,height=300'))}>open</button>`);
  await realClick(button);
  expect(other, 'the other window opened').to.not.equal(null);
  return other!;
}

describe('hostile input: messages count only from the attempt’s popup, on a trusted origin, in the exact form', () => {
  it('ignores status-success from an iframe on another origin', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    const iframe = await fixture<HTMLIFrameElement>(html`<iframe src=${`${providerOrigin}/post.html?data=status-success&to=parent`}></iframe>`);
    await waitForMessageFrom(() => iframe.contentWindow, 'the iframe');
    await expectIgnoredUntilTheRealOne(el, recorder, popup);
  });

  it('ignores status-success from an iframe on the trusted completion origin (it is not the popup)', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    const iframe = await fixture<HTMLIFrameElement>(html`<iframe src=${`${completionOrigin}/post.html?data=status-success&to=parent`}></iframe>`);
    await waitForMessageFrom(() => iframe.contentWindow, 'the iframe');
    expect(messages.messages.find((m) => m.source === iframe.contentWindow)?.origin).to.equal(completionOrigin);
    await expectIgnoredUntilTheRealOne(el, recorder, popup);
  });

  it('ignores status-success from another window on the trusted completion origin', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    const other = await openOtherWindow(`${completionOrigin}/post.html?data=status-success&to=opener`);
    try {
      await waitForMessageFrom(() => other, 'the other window');
      await expectIgnoredUntilTheRealOne(el, recorder, popup);
    } finally {
      other.close();
    }
  });

  it('ignores status-success from the popup while it shows an untrusted origin (auto=spoof)', async () => {
    const el = await mount({ auto: 'spoof' });
    const recorder = recordEvents(el);
    await realClick(el);
    const popup = onlyPopup(popups);
    await waitForMessageFrom(() => popup, 'the popup');
    const spoof = messages.messages.find((m) => m.source === popup)!;
    expect([spoof.origin, spoof.data]).to.deep.equal([providerOrigin, 'status-success']);
    await settleTime(500);
    expect(recorder.events, 'the spoof was ignored').to.have.length(0);
    el.cancel();
    expect(await onlyResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'aborted', message: 'cancel() was called.' });
    await expectClosed(popup);
  });

  it('ignores the callback message with the attempt’s own nonce from the popup on an untrusted origin', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    const data = JSON.stringify({ type: 'bwell-connect:status', nonce: nonceOf(popup), statusCode: 'success' });
    popup.location.href = `${providerOrigin}/post.html?to=opener&json=${encodeURIComponent(data)}`;
    await waitForMessageFrom(() => popup, 'the popup');
    await settleTime(500);
    expect(recorder.events, 'the message was ignored').to.have.length(0);
    el.cancel();
    expect((await onlyResult(recorder)).status).to.equal('aborted');
  });

  it('accepts the same callback message from the popup on the trusted completion origin (the control)', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    const data = JSON.stringify({ type: 'bwell-connect:status', nonce: nonceOf(popup), statusCode: 'expired' });
    popup.location.href = `${completionOrigin}/post.html?to=opener&json=${encodeURIComponent(data)}`;
    expect(await onlyResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
    await expectClosed(popup);
  });

  it('ignores status-success and the callback message posted by the page itself (window.postMessage)', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    window.postMessage('status-success', '*');
    window.postMessage({ type: 'bwell-connect:status', nonce: nonceOf(popup), statusCode: 'success' }, '*');
    await waitUntil(() => messages.messages.filter((m) => m.source === window).length === 2, 'the page’s messages', { timeout: 5000 });
    expect(messages.messages[0]!.origin, 'the page’s own, trusted origin').to.equal(location.origin);
    await expectIgnoredUntilTheRealOne(el, recorder, popup);
  });

  it('ignores messages on the callback helper’s BroadcastChannel without the attempt’s nonce; takes the one with it', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
    const nonce = nonceOf(popup);
    const channel = new BroadcastChannel('bwell-connect');
    try {
      for (const data of [
        'status-success',
        { type: 'bwell-connect:status', nonce: 'someone-else', statusCode: 'success' },
        { type: 'bwell-connect:status', statusCode: 'success' },
        { type: 'bwell-connect:Status', nonce, statusCode: 'success' },
      ]) {
        channel.postMessage(data);
      }
      await settleTime(500);
      expect(recorder.events, 'nothing counted').to.have.length(0);
      channel.postMessage({ type: 'bwell-connect:status', nonce, statusCode: 'cancelled' });
      expect(await onlyResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'cancelled' });
      await expectClosed(popup);
    } finally {
      channel.close();
    }
  });

  it('ignores every other shape, even from the popup on a trusted origin; then takes the callback message with the nonce', async () => {
    const { el, recorder, popup } = await startBlankAttempt();
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
    await waitUntil(() => messages.messages.filter((m) => m.source === popup).length === shapes.length, 'not all shapes arrived', {
      timeout: 15_000,
    });
    await settleTime(300);
    expect(recorder.events, 'no shape counted').to.have.length(0);
    post({ type: 'bwell-connect:status', nonce, statusCode: 'unauthorized' });
    expect(await onlyResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'unauthorized' });
  });
});
