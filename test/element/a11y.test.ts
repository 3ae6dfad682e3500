import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import {
  DEFAULT_STRINGS,
  type BwellConnectElement,
  type BwellConnectStrings,
} from '../../src/bwell-connect-element.js';
import type { ConnectionStatus } from '../../src/status.js';
import { skipCloseGrace, withPageClock } from '../support/clock.js';
import { engine, QUICK_POLL_MS, realClick } from '../support/e2e.js';
import { emulator, endpointWith, holdGraphqlAnswers, uniqueId } from '../support/emulator.js';
import { recordEvents } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { E2EHarness } from '../support/harness.js';
import { recordPopups } from '../support/popups.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

type FailureStatus = Exclude<ConnectionStatus, 'success'>;

function button(el: BwellConnectElement): HTMLButtonElement {
  return el.shadowRoot!.querySelector('button')!;
}

function liveRegion(el: BwellConnectElement): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part=status]')!;
}

/** The live region's text, as a screen reader would get it (whitespace collapsed). */
function announced(el: BwellConnectElement): string {
  return (liveRegion(el).textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the button's label: its slot's assigned text, or the slot's fallback content. */
function label(el: BwellConnectElement): string {
  const slot = button(el).querySelector('slot')!;
  const assigned = slot.assignedNodes({ flatten: true });
  const nodes = assigned.length > 0 ? assigned : Array.from(slot.childNodes);
  return nodes
    .map((node) => node.textContent ?? '')
    .join('')
    .trim();
}

/** Whether the focused element, through the shadow root, is the element's button. */
function buttonHasFocus(el: BwellConnectElement): boolean {
  return document.activeElement === el && el.shadowRoot!.activeElement === button(el);
}

/** Starts an attempt through the native seam (no popup): the attempt ends only when `complete()` or `cancel()` says so. */
async function startWithoutPopup(el: BwellConnectElement): Promise<void> {
  el.openUrl = () => {};
  void el.connect();
  await el.updateComplete;
}

/** Waits until the element reaches `state` and has rendered it. */
async function reach(el: BwellConnectElement, state: string): Promise<void> {
  await waitFor(() => el.getAttribute('state') === state, `state never became ${state}`);
  await el.updateComplete;
}

const FAILURE_STATUSES: FailureStatus[] = [
  'error',
  'cancelled',
  'expired',
  'unauthorized',
  'popup_blocked',
  'window_closed',
  'timeout',
  'request_failed',
  'aborted',
];

/** Starts an attempt without a popup and ends it with a b.well `status_code`, as an app's deep link would. */
const completedWith = (statusCode: string) => async (el: BwellConnectElement) => {
  await startWithoutPopup(el);
  el.complete(statusCode);
};

/** Runs an attempt through the native seam to the b.well `statusCode`; waits until the element shows how it ended. */
async function completeAttempt(el: BwellConnectElement, statusCode: string): Promise<void> {
  await completedWith(statusCode)(el);
  await reach(el, statusCode === 'success' ? 'succeeded' : 'failed');
}

/**
 * Ends an attempt on `el` with each failure status, the way it happens for real where that is quick; the
 * element's fixed waits (the close grace, the timeout) are skipped on the page clock.
 */
const triggers: Record<FailureStatus, (el: BwellConnectElement) => Promise<void>> = {
  error: completedWith('error'),
  cancelled: completedWith('cancelled'),
  expired: completedWith('expired'),
  unauthorized: completedWith('unauthorized'),
  popup_blocked: async (el) => {
    await el.connect(); // no user gesture
  },
  window_closed: (el) =>
    withPageClock(async (clock) => {
      el.endpoint = await endpointWith({ auto: 'close' });
      el.noServerCheck = true;
      el.pollInterval = QUICK_POLL_MS;
      await el.updateComplete;
      await realClick(el);
      await skipCloseGrace(el, clock);
    }),
  timeout: (el) =>
    withPageClock(async (clock) => {
      el.timeout = 1000; // the shortest timeout the element accepts
      await startWithoutPopup(el);
      await clock.skip(el.timeout);
    }),
  request_failed: async (el) => {
    el.endpoint = await endpointWith({ fault: 'graphql_error' });
    await el.updateComplete;
    await realClick(el);
  },
  aborted: async (el) => {
    await startWithoutPopup(el);
    el.cancel();
  },
};

/** Ends an attempt on `el` as `status` (see {@link triggers}); returns what the live region then announces. */
async function announcedAfter(el: BwellConnectElement, status: FailureStatus): Promise<string> {
  const { next } = recordEvents(el);
  await triggers[status](el);
  expect((await next()).detail.status).to.equal(status);
  await reach(el, 'failed');
  return announced(el);
}

describe('<bwell-connect> accessibility', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  describe('axe finds no violations', () => {
    it('idle', async () => {
      const el = await page.mount();
      expect(el.getAttribute('state')).to.equal('idle');
      await expect(el).to.be.accessible();
    });

    it('working (a real click, the popup open)', async () => {
      const { el, recorder } = await page.start({ auto: 'stay' });
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('working');
      expect(el.shadowRoot!.querySelector('[part=spinner]')).to.exist;
      await expect(el).to.be.accessible();
      el.cancel();
      await recorder.next();
    });

    it('succeeded', async () => {
      const el = await page.mount({ auto: 'success' });
      const { next } = await page.click(el);
      expect((await next()).detail.status).to.equal('success');
      await reach(el, 'succeeded');
      await expect(el).to.be.accessible();
    });

    it('failed', async () => {
      const el = await page.mount({ auto: 'cancelled', redirect: 'custom' });
      const { next } = await page.click(el);
      expect((await next()).detail.status).to.equal('cancelled');
      await reach(el, 'failed');
      await expect(el).to.be.accessible();
    });

    it('disabled', async () => {
      const el = await page.mount({}, { disabled: true });
      expect(button(el).disabled).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('disabled for want of a connection id', async () => {
      const el = await page.mount({}, { connectionId: '' });
      expect(button(el).disabled).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('idle, working, succeeded and failed in the dark colour scheme (not emulable in WebKitGTK here)', async () => {
      if (engine === 'webkit') {
        // WebKitWebDriver has no media emulation and MiniBrowser takes --dark-mode only at launch: the dark
        // scheme is checked in Chromium and Firefox. Here the test asserts that the runner says so.
        let refusal: unknown;
        await emulateMedia({ colorScheme: 'dark' }).catch((error: unknown) => (refusal = error));
        expect(String(refusal)).to.contain('WebKitGTK here cannot emulate');
        return;
      }
      await emulateMedia({ colorScheme: 'dark' });
      const el = await page.mount();
      await expect(el).to.be.accessible();
      await startWithoutPopup(el);
      expect(el.getAttribute('state')).to.equal('working');
      await expect(el).to.be.accessible();
      el.complete('success');
      await reach(el, 'succeeded');
      await expect(el).to.be.accessible();
      await completeAttempt(el, 'cancelled');
      await expect(el).to.be.accessible();
    });
  });

  describe('keyboard', () => {
    it('reaches the button with Tab', async () => {
      const { completionOrigin } = await emulator();
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <input aria-label="before" />
          <bwell-connect connection-id=${uniqueId('proa_a11y')} endpoint=${await endpointWith()} trusted-origins=${completionOrigin}></bwell-connect>
        </div>
      `);
      const el = wrapper.querySelector('bwell-connect')!;
      await el.updateComplete;
      wrapper.querySelector('input')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(buttonHasFocus(el)).to.equal(true);
    });

    it('focus() on the element focuses its button (delegatesFocus)', async () => {
      const el = await page.mount();
      el.focus();
      expect(buttonHasFocus(el)).to.equal(true);
    });

    for (const key of ['Enter', 'Space'] as const) {
      it(`${key} on the focused button starts the attempt and the popup opens (a success)`, async () => {
        const el = await page.mount({ auto: 'success' });
        const { next } = recordEvents(el);
        el.focus();
        expect(buttonHasFocus(el)).to.equal(true);
        await sendKeys({ press: key });
        await el.updateComplete;
        expect(el.getAttribute('state')).to.equal('working');
        const event = await next();
        // popup_blocked here would mean the key press was not treated as a user gesture.
        expect(event.detail).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
      });
    }

    it('a disabled button ignores Enter and Space and cannot take focus', async () => {
      const el = await page.mount({ auto: 'success' }, { disabled: true });
      const { events } = recordEvents(el);
      const popups = recordPopups();
      try {
        el.focus();
        expect(buttonHasFocus(el)).to.equal(false);
        await sendKeys({ press: 'Enter' });
        await sendKeys({ press: 'Space' });
        // A key press that started an attempt would have opened its window within the press.
        expect(popups.calls, 'window.open calls').to.equal(0);
        await el.updateComplete;
        expect(events).to.have.length(0);
        expect(el.getAttribute('state')).to.equal('idle');
      } finally {
        popups.restore();
      }
    });
  });

  describe('focus returns to the button when the popup closes', () => {
    for (const [name, flags, status] of [
      ['after a success (the element closes the popup)', { auto: 'success' }, 'success'],
      ['after a failure read from the callback page', { auto: 'expired', redirect: 'custom' }, 'expired'],
      ['after the user closes the popup', { auto: 'close' }, 'window_closed'],
    ] as const) {
      it(name, async () => {
        await withPageClock(async (clock) => {
          const el = await page.mount(flags, { pollInterval: QUICK_POLL_MS });
          const { next } = recordEvents(el);
          el.focus();
          await sendKeys({ press: 'Enter' });
          if (status === 'window_closed') await skipCloseGrace(el, clock);
          expect((await next()).detail.status).to.equal(status);
          await el.updateComplete;
          await waitFor(() => buttonHasFocus(el), 'the button did not have the focus after the popup closed', 3000);
          await waitFor(() => document.hasFocus(), 'the page did not get the focus back', 3000);
          expect(buttonHasFocus(el)).to.equal(true);
        });
      });
    }

    it('after a mouse click', async () => {
      const el = await page.mount({ auto: 'success' });
      const { next } = await page.click(el);
      expect((await next()).detail.status).to.equal('success');
      await el.updateComplete;
      await waitFor(
        () => buttonHasFocus(el) && document.hasFocus(),
        'the button did not have the focus after the popup closed',
        3000,
      );
    });
  });

  describe('the polite live region and aria-busy', () => {
    it('is one polite status region, empty and not busy while idle', async () => {
      const el = await page.mount();
      const regions = el.shadowRoot!.querySelectorAll('[role=status], [aria-live]');
      expect(regions).to.have.length(1);
      expect(liveRegion(el).getAttribute('role')).to.equal('status');
      expect(liveRegion(el).getAttribute('aria-live')).to.equal('polite');
      expect(announced(el)).to.equal('');
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
      expect(label(el)).to.equal('Connect');
    });

    it('announces "Connecting…" and is busy while working', async () => {
      const el = await page.mount({ auto: 'stay' });
      const answers = holdGraphqlAnswers();
      try {
        const { next } = await page.click(el);
        await el.updateComplete;
        expect(el.getAttribute('state')).to.equal('working');
        expect(button(el).getAttribute('aria-busy')).to.equal('true');
        expect(announced(el)).to.equal('Connecting…');
        // Once the URL is in and the popup shows the provider, the region says so; still busy.
        answers.release();
        await waitFor(() => announced(el) !== 'Connecting…', 'the URL never arrived', 10_000);
        expect(announced(el)).to.equal(DEFAULT_STRINGS.waiting);
        expect(button(el).getAttribute('aria-busy')).to.equal('true');
        el.cancel();
        await next();
        await el.updateComplete;
        expect(button(el).getAttribute('aria-busy')).to.equal('false');
      } finally {
        answers.restore();
      }
    });

    it('announces "Connected" after a success, no longer busy', async () => {
      const el = await page.mount({ auto: 'success' });
      const { next } = await page.click(el);
      await next();
      await reach(el, 'succeeded');
      expect(announced(el)).to.equal('Connected');
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
    });

    it('announces the failure and its reason from the completion page (status-failure is error)', async () => {
      const el = await page.mount({ auto: 'cancelled' });
      const { next } = await page.click(el);
      expect((await next()).detail.status).to.equal('error');
      await reach(el, 'failed');
      expect(announced(el)).to.equal(`Connection failed: ${DEFAULT_STRINGS.reasons.error}`);
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
    });

    it('gives every failure status a reason in plain words, each its own', () => {
      const reasons = FAILURE_STATUSES.map((status) => DEFAULT_STRINGS.reasons[status]);
      expect(Object.keys(DEFAULT_STRINGS.reasons).sort()).to.deep.equal([...FAILURE_STATUSES].sort());
      expect(new Set(reasons).size).to.equal(reasons.length);
      for (const [i, reason] of reasons.entries()) {
        const status = FAILURE_STATUSES[i]!;
        // A sentence a person reads, not a code: words and punctuation only (no underscores), ending in a full stop.
        expect(reason, status).to.match(/^[a-z][a-z.,;' ]+\.$/);
        expect(reason.split(/\s+/).length, status).to.be.greaterThan(2);
      }
    });

    for (const status of FAILURE_STATUSES) {
      it(`announces "Connection failed: <reason>" for ${status}`, async () => {
        const el = await page.mount();
        expect(await announcedAfter(el, status)).to.equal(`Connection failed: ${DEFAULT_STRINGS.reasons[status]}`);
        expect(button(el).getAttribute('aria-busy')).to.equal('false');
      });
    }

    it('announces the new attempt when a failed one is retried, then the new result', async () => {
      const el = await page.mount();
      await completeAttempt(el, 'expired');
      await startWithoutPopup(el);
      expect(el.getAttribute('state')).to.equal('working');
      expect(button(el).getAttribute('aria-busy')).to.equal('true');
      expect(announced(el)).to.be.oneOf(['Connecting…', DEFAULT_STRINGS.waiting]);
      el.complete('success');
      await reach(el, 'succeeded');
      expect(announced(el)).to.equal('Connected');
    });
  });

  describe('strings', () => {
    const german: BwellConnectStrings = {
      connect: 'Verbinden',
      requesting: 'Verbindung wird aufgebaut…',
      waiting: 'Warte auf das Anbieterfenster…',
      connected: 'Verbunden',
      failed: 'Verbindung fehlgeschlagen',
      reasons: {
        error: 'der Anbieter oder b.well hat einen Fehler gemeldet.',
        cancelled: 'der Zugriff wurde verweigert.',
        expired: 'die Sitzung ist abgelaufen; bitte erneut versuchen.',
        unauthorized: 'eine Sicherheitsprüfung ist fehlgeschlagen; bitte erneut versuchen.',
        popup_blocked: 'der Browser hat das Fenster blockiert.',
        window_closed: 'das Fenster wurde vor dem Abschluss geschlossen.',
        timeout: 'es hat zu lange gedauert; bitte erneut versuchen.',
        request_failed: 'die Verbindung konnte nicht gestartet werden.',
        aborted: 'der Vorgang wurde abgebrochen.',
      },
    };

    async function mountGerman(flags: Record<string, string> = {}): Promise<BwellConnectElement> {
      const el = await page.mount(flags);
      el.strings = german;
      el.lang = 'de';
      await el.updateComplete;
      return el;
    }

    it('replaces the button label', async () => {
      const el = await mountGerman();
      expect(label(el)).to.equal('Verbinden');
      expect(button(el).textContent!.trim()).to.equal('Verbinden');
      await expect(el).to.be.accessible();
    });

    it('replaces "Connecting…" and the waiting text', async () => {
      const el = await mountGerman({ auto: 'stay' });
      const answers = holdGraphqlAnswers();
      try {
        const { next } = await page.click(el);
        await el.updateComplete;
        expect(announced(el)).to.equal('Verbindung wird aufgebaut…');
        answers.release();
        await waitFor(() => announced(el) === 'Warte auf das Anbieterfenster…', `announced: ${announced(el)}`, 10_000);
        await expect(el).to.be.accessible();
        el.cancel();
        await next();
      } finally {
        answers.restore();
      }
    });

    it('replaces "Connected"', async () => {
      const el = await mountGerman();
      await completeAttempt(el, 'success');
      expect(announced(el)).to.equal('Verbunden');
      await expect(el).to.be.accessible();
    });

    for (const status of FAILURE_STATUSES) {
      it(`replaces the failure text and the reason for ${status}`, async () => {
        const el = await mountGerman();
        expect(await announcedAfter(el, status)).to.equal(`Verbindung fehlgeschlagen: ${german.reasons[status]}`);
      });
    }

    it('falls back to the defaults for strings and reasons left out', async () => {
      const el = await page.mount();
      el.strings = {
        connected: 'Verbunden',
        reasons: { cancelled: 'der Zugriff wurde verweigert.' } as BwellConnectStrings['reasons'],
      };
      await el.updateComplete;
      expect(label(el)).to.equal('Connect');
      await completeAttempt(el, 'cancelled');
      expect(announced(el)).to.equal('Connection failed: der Zugriff wurde verweigert.');
      await completeAttempt(el, 'expired');
      expect(announced(el)).to.equal(`Connection failed: ${DEFAULT_STRINGS.reasons.expired}`);
    });

    it('re-renders the current announcement when the strings change', async () => {
      const el = await page.mount();
      expect(await announcedAfter(el, 'timeout')).to.equal(`Connection failed: ${DEFAULT_STRINGS.reasons.timeout}`);
      el.strings = german;
      await el.updateComplete;
      expect(announced(el)).to.equal(`Verbindung fehlgeschlagen: ${german.reasons.timeout}`);
    });

    it('leaves a slotted label to the page', async () => {
      const { completionOrigin } = await emulator();
      const el = await fixture<BwellConnectElement>(html`
        <bwell-connect connection-id=${uniqueId('proa_a11y')} endpoint=${await endpointWith()} trusted-origins=${completionOrigin}
          >Mit Krankenkasse verbinden</bwell-connect
        >
      `);
      el.strings = german;
      await el.updateComplete;
      expect(label(el)).to.equal('Mit Krankenkasse verbinden');
      await expect(el).to.be.accessible();
    });
  });
});
