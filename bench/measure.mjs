// The browser side of bench/run.mjs: attempts on the instrumented host page (bench/pages/host.html), loads of the
// bundle into a blank page, and what the page's stamps say.
import { statSync } from 'node:fs';
import { summary } from '../scripts/lib/summary.mjs';
import { buttonCentre, repeat, root } from './harness.mjs';

/** `n` real clicks on the host page's element (`attributes` set, emulator `flags(i)`): the page's stamps of each. */
export async function attempts(page, emulator, n, flags, attributes = {}) {
  await page.evaluate(
    (attrs) => {
      const el = document.getElementById('el');
      for (const name of ['poll-interval', 'no-server-check']) el.removeAttribute(name);
      for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    },
    { ...attributes, 'trusted-origins': emulator.completionOrigin },
  );
  const { x, y } = await buttonCentre(page);
  return repeat(n, async (i) => {
    const endpoint = new URL(emulator.endpoint);
    for (const [name, value] of Object.entries(flags(i))) endpoint.searchParams.set(name, value);
    await page.evaluate((href) => window.bench.arm(href), endpoint.href);
    await page.mouse.click(x, y);
    const result = page.evaluate(() => window.bench.result);
    const attempt = await withTimeout(result, 20_000, `attempt ${i + 1} with ${endpoint.search} ended in no event`);
    // Lets the popup the element just closed go away before the next click.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return attempt;
  });
}

/** A provider delay spread evenly over [0, ms), so the result lands at every phase of the element's poll timer. */
export function spread(i, n, ms) {
  return String(Math.floor(((i + Math.random()) / n) * ms));
}

/** Fetch, evaluation, definition and first render of the bundle, `n` times in a fresh context on /blank.html. */
export async function measureLoad(browser, origin, n) {
  const samples = await repeat(n, async () => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/blank.html`);
      return await page.evaluate(async () => {
        const url = new URL('/bwell-connect.bundle.js', location.href).href;
        const t0 = performance.now();
        await import(url);
        const t1 = performance.now();
        await customElements.whenDefined('bwell-connect');
        const t2 = performance.now();
        const el = document.createElement('bwell-connect');
        el.setAttribute('connection-id', 'proa_load');
        document.body.append(el);
        await el.updateComplete;
        el.shadowRoot.querySelector('button').getBoundingClientRect(); // style and layout, too
        const t3 = performance.now();
        const entry = performance.getEntriesByName(url)[0];
        const fetchMs = entry ? entry.responseEnd - entry.startTime : 0;
        return { fetch: fetchMs, evaluate: t1 - t0 - fetchMs, define: t2 - t1, render: t3 - t2, total: t3 - t0 };
      });
    } finally {
      await context.close();
    }
  });
  const keys = ['fetch', 'evaluate', 'define', 'render', 'total'];
  const figures = Object.fromEntries(keys.map((key) => [key, summary(samples.map((s) => s[key]))]));
  return { ...figures, bytes: statSync(`${root}dist/bwell-connect.bundle.js`).size };
}

/** Whether window.open ran inside the click's task, with user activation, and how long after the click listener. */
export function clickToOpen(list) {
  const opened = list.filter((a) => a.open !== undefined);
  return {
    attempts: list.length,
    trustedClicks: list.filter((a) => a.trusted).length,
    inClickTask: opened.filter((a) => a.openInClickTask).length,
    userActivation: opened.filter((a) => a.activation === true).length,
    popupOpened: opened.filter((a) => a.opened).length,
    delay: summary(opened.map((a) => a.open - a.click)),
  };
}

/** From b.well's status message reaching the page to the element's event; whether both ran in one task. */
export function messageToEvent(list) {
  const withMessage = list.filter((a) => a.message !== undefined && a.event !== undefined);
  return {
    attempts: list.length,
    statuses: count(list.map((a) => a.status)),
    sameTask: withMessage.filter((a) => a.eventInMessageTask).length,
    latency: summary(withMessage.map((a) => a.event - a.message)),
  };
}

/** The page loaded by the popup URL poll → the event, for attempts that came back on the host's own page. */
export function pollToEvent(list, interval) {
  return {
    interval,
    goal: interval + 50,
    statuses: count(list.map((a) => a.status)),
    // From the callback page's response (its navigation timing, read as the element closes it) to the event.
    latency: summary(list.map((a) => a.eventEpoch - a.callbackResponseEpoch)),
    // From the callback page's first script, when it ran before the element closed the page; the rest were
    // detected before it ran.
    fromFirstScript: summary(list.map((a) => a.eventEpoch - a.callbackEpoch)),
    detectedBeforeFirstScript: list.filter((a) => a.callbackEpoch === undefined).length,
  };
}

/** The popup seen closed → the element's `window_closed` event. */
export function closedToEvent(list) {
  return { statuses: count(list.map((a) => a.status)), latency: summary(list.map((a) => a.event - a.closedSeen)) };
}

/** How many times each value occurs. */
function count(values) {
  const out = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

/** `promise`, or an error after `ms`. */
function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
