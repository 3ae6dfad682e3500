// What the browser tests against the emulator share to run an attempt: the engine they run in, real input, and
// an element mounted on the emulator (the harness's `mount`, harness.ts). Importing this module defines nothing
// and registers no hook: each test file imports the element it tests (src/define.js or a bundle).
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { AccessToken } from '../../src/bwell-api.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { emulator, endpointWith, TOKEN, uniqueId } from './emulator.js';
import type { E2EHarness } from './harness.js';
import { waitFor } from './wait-for.js';
import { stubFocus } from './windows.js';

/** The engine the tests run in, for the few facts that differ between them (each use says why). */
export const engine: 'chromium' | 'firefox' | 'webkit' = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/**
 * How long one real click on the page can take while another popup loads: Firefox (over WebDriver BiDi) waits
 * for that load, and WebKitGTK is slower to hand the click over; Chromium clicks at once. A provider that
 * waits this long (`autoDelay`) keeps an attempt running past the next click.
 */
export const CLICK_WHILE_LOADING_MS = { chromium: 500, webkit: 1500, firefox: 2500 }[engine];

/**
 * Clicks with the real mouse (a trusted event with user activation, as a person's click): the popup
 * blocker stays on in these tests, so only such a click may open a popup. An element in a same-origin iframe
 * is clicked through the frames' offsets; a `<bwell-connect>` is clicked on its button.
 */
export async function realClick(element: Element): Promise<void> {
  const target = element.shadowRoot?.querySelector('button') ?? element;
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  let [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  for (
    let frame = target.ownerDocument.defaultView?.frameElement;
    frame;
    frame = frame.ownerDocument.defaultView?.frameElement
  ) {
    const offset = frame.getBoundingClientRect();
    x += offset.x + frame.clientLeft;
    y += offset.y + frame.clientTop;
  }
  await sendMouse({ type: 'click', position: [Math.round(x), Math.round(y)] });
}

/** Clicks a `<bwell-connect>` (in this page or an iframe's) once its button is enabled, as a person would. */
export async function clickWhenEnabled(el: Element): Promise<void> {
  await waitFor(() => el.shadowRoot?.querySelector('button')?.disabled === false, 'the button stayed disabled', 10_000);
  await realClick(el);
}

/** How {@link mount} sets the element up. */
export interface MountOptions {
  /** Default: a {@link uniqueId}; `''` leaves the element without one. */
  connectionId?: string;
  disabled?: boolean;
  /** Default: {@link TOKEN}; `null` leaves the property unset. */
  accessToken?: AccessToken | null;
  /** Replaces the emulator endpoint (the flags are then ignored). */
  endpoint?: string;
  /** The element's poll-interval; default the element's own (500 ms). */
  pollInterval?: number;
}

/**
 * The shortest poll-interval the element accepts: for cases whose subject is not the pace of the poll, so
 * that a closed popup or a status_code in its URL is read at once rather than up to 500 ms later.
 */
export const QUICK_POLL_MS = 50;

/**
 * Mounts an element on the emulator with scenario flags, trusting the emulator's completion origin. The test
 * file defines the element (from src/ or a bundle).
 */
export async function mount(
  flags: Record<string, string> = {},
  options: MountOptions = {},
): Promise<BwellConnectElement> {
  const { completionOrigin } = await emulator();
  const el = await fixture<BwellConnectElement>(html`
    <bwell-connect
      connection-id=${options.connectionId ?? uniqueId()}
      endpoint=${options.endpoint ?? (await endpointWith(flags))}
      trusted-origins=${completionOrigin}
      ?disabled=${options.disabled ?? false}
    ></bwell-connect>
  `);
  if (options.accessToken !== null) el.accessToken = options.accessToken ?? TOKEN;
  if (options.pollInterval !== undefined) el.pollInterval = options.pollInterval;
  return el;
}

/**
 * Runs an attempt through a provider that sends Cross-Origin-Opener-Policy, whose custom redirect lands on the
 * callback page at `returnPath`, while the person is in the popup (the page lacks the focus); checks that the
 * page's callback helper reports `expired` over its BroadcastChannel, once.
 */
export async function expectCallbackOverChannel(page: E2EHarness, returnPath: string): Promise<void> {
  const el = await mount({ coop: '1', auto: 'expired', redirect: 'custom', returnPath });
  const hasFocus = stubFocus(false);
  try {
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'expired' });
    await page.expectNoSecondEvent(recorder.events);
  } finally {
    hasFocus.restore();
  }
}
