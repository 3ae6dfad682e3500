// The browser side of bench/run.mjs: attempts on the instrumented host page (bench/pages/host.html), loads of the
// bundle into a blank page, and what the page's stamps say.
import { readFileSync } from 'node:fs';
import { summary } from '../scripts/lib/summary.mjs';

/**
 * Runs `n` attempts on the host page's element: sets the attributes, then for each attempt the endpoint with
 * `flags(i)`, clicks the button with the real mouse and waits for the event. Returns the page's stamps.
 * @param {import('puppeteer-core').Page} page
 * @param {import('../emulator/index.mjs').Emulator} emulator
 * @param {number} n
 * @param {(i: number) => Record<string, string>} flags
 * @param {Record<string, string>} [attributes]
 */
export async function attempts(page, emulator, n, flags, attributes = {}) {
  const { x, y } = await page.evaluate(
    async (trusted, attrs) => {
      const el = /** @type {any} */ (document.getElementById('el'));
      for (const name of ['poll-interval', 'no-server-check']) el.removeAttribute(name);
      for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
      el.setAttribute('trusted-origins', trusted);
      await el.updateComplete;
      const box = el.shadowRoot.querySelector('button').getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    },
    emulator.completionOrigin,
    attributes,
  );
  const list = [];
  for (let i = 0; i < n; i += 1) {
    const endpoint = new URL(emulator.endpoint);
    for (const [name, value] of Object.entries(flags(i))) endpoint.searchParams.set(name, value);
    await page.evaluate(async (href) => {
      const { bench } = /** @type {any} */ (window);
      const el = /** @type {any} */ (document.getElementById('el'));
      if (el.getAttribute('endpoint') !== href) {
        el.setAttribute('endpoint', href);
        await el.updateComplete;
      }
      bench.armed = bench.next();
    }, endpoint.href);
    await page.mouse.click(x, y);
    list.push(
      await withTimeout(
        page.evaluate(async () => {
          const { bench } = /** @type {any} */ (window);
          await bench.armed;
          const { stopWatch, ...attempt } = bench.current;
          return attempt;
        }),
        20_000,
        `attempt ${i + 1} with ${endpoint.search} ended in no event`,
      ),
    );
    // Lets the popup the element just closed go away before the next click.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return list;
}

/** A provider delay spread evenly over [0, ms), so the result lands at every phase of the element's poll timer. */
export function spread(i, n, ms) {
  return String(Math.floor(((i + Math.random()) / n) * ms));
}

/**
 * Script evaluation, element definition and first render of the bundle, each run in a fresh browser context on
 * `origin`'s /blank.html, which serves the bundle at /bwell-connect.bundle.js as read from `bundle`.
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} origin
 * @param {string} bundle
 * @param {number} n
 */
export async function measureLoad(browser, origin, bundle, n) {
  const samples = [];
  for (let i = 0; i < n; i += 1) {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/blank.html`);
      samples.push(
        await page.evaluate(async () => {
          const url = new URL('/bwell-connect.bundle.js', location.href).href;
          const t0 = performance.now();
          await import(url);
          const t1 = performance.now();
          await customElements.whenDefined('bwell-connect');
          const t2 = performance.now();
          const el = /** @type {any} */ (document.createElement('bwell-connect'));
          el.setAttribute('connection-id', 'proa_load');
          document.body.append(el);
          await el.updateComplete;
          el.shadowRoot.querySelector('button').getBoundingClientRect(); // style and layout, too
          const t3 = performance.now();
          const entry = /** @type {PerformanceResourceTiming | undefined} */ (performance.getEntriesByName(url)[0]);
          const fetchMs = entry ? entry.responseEnd - entry.startTime : 0;
          return { fetch: fetchMs, evaluate: t1 - t0 - fetchMs, define: t2 - t1, render: t3 - t2, total: t3 - t0 };
        }),
      );
    } finally {
      await context.close();
    }
  }
  /** @type {Record<string, ReturnType<typeof summary>>} */
  const out = {};
  for (const key of ['fetch', 'evaluate', 'define', 'render', 'total']) out[key] = summary(samples.map((s) => s[key]));
  return { ...out, bytes: readFileSync(bundle).length };
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

/** How many times each value occurs. */
export function count(values) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
