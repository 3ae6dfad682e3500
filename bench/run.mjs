// Measures <bwell-connect> in real Chromium, popup blocker on, against the local b.well emulator on origins of
// its own, with the host page on http://localhost:<port> loading the built bundle. Prints a table and writes
// bench/results.json and bench/results.md. Figures for reading: nothing here passes or fails.
//
//   node bench/run.mjs            (about 2–3 minutes)
//   node bench/run.mjs --quick    (fewer attempts, for trying the script out; writes nothing)
//   node bench/run.mjs --render   (only rewrites bench/results.md from bench/results.json and bench/soak.json)
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.mjs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { ensureBundle, serveStatic } from '../scripts/static-server.mjs';
import { fmt, readResults, readSoak, toMarkdown, writeResults } from './report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');

/** Attempts per measure. */
const runs = quick ? { load: 3, message: 20, poll: 6, closed: 3 } : { load: 8, message: 200, poll: 16, closed: 6 };

// ---------------------------------------------------------------------------------------------------------------

if (process.argv.includes('--render')) {
  // Only re-renders bench/results.md from bench/results.json, with the current bench/soak.json.
  const results = readResults();
  const soak = readSoak();
  if (soak) results.soak = soak;
  console.log(writeResults(results));
  process.exit(0);
}

const bundle = await ensureBundle(root);

const started = Date.now();
const loadAverageAtStart = os.loadavg().map((l) => round(l, 2));
// The host page stamps everything itself with instrumentation.js, before the bundle runs.
const page = (name, type = 'text/html; charset=utf-8') => ({ type, file: `${root}bench/pages/${name}` });
const host = await serveStatic({
  '/': page('host.html'),
  '/instrumentation.js': page('instrumentation.js', 'text/javascript; charset=utf-8'),
  '/blank.html': page('blank.html'),
  // Where the emulator sends the popup back with redirect=custom.
  '/demo/callback.html': page('callback.html'),
  // Read once: a rebuild of dist/ during the run must not break it.
  '/bwell-connect.bundle.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(bundle, 'utf8') },
});
const emulator = await startEmulator({ hostOrigin: host.origin });
const browser = await launchChromium(); // popup blocker on, as users have it

/** @type {Record<string, unknown>} */
const measures = {};
try {
  const chromium = await browser.version();
  measures.load = await measureLoad(runs.load);
  log(`load: ${fmt(measures.load.total.median)} ms median`);

  const page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600 });
  await page.goto(`${host.origin}/`);
  await page.waitForFunction(() => customElements.get('bwell-connect') !== undefined);

  const message = await attempts(page, runs.message, () => ({ auto: 'success', autoDelay: '0' }));
  measures.clickToOpen = clickToOpen(message);
  measures.message = messageToEvent(message);
  measures.roundTrip = summary(message.map((a) => a.event - a.click));
  log(`postMessage → event: ${fmt(measures.message.latency.median)} ms median`);

  measures.poll = {};
  for (const interval of [500, 100]) {
    const list = await attempts(
      page,
      runs.poll,
      (i) => ({ auto: 'success', autoDelay: spread(i, runs.poll, interval), redirect: 'custom' }),
      { 'poll-interval': String(interval) },
    );
    measures.poll[interval] = {
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
    log(`poll ${interval}: ${fmt(measures.poll[interval].latency.median)} ms median`);
  }

  measures.closed = {};
  for (const [name, attrs] of /** @type {const} */ ([
    ['noServerCheck', { 'no-server-check': '' }],
    ['serverCheck', {}],
  ])) {
    const list = await attempts(
      page,
      runs.closed,
      (i) => ({ auto: 'close', autoDelay: spread(i, runs.closed, 500) }),
      attrs,
    );
    measures.closed[name] = {
      statuses: count(list.map((a) => a.status)),
      latency: summary(list.map((a) => a.event - a.closedSeen)),
    };
    log(`closed (${name}): ${fmt(measures.closed[name].latency.median)} ms median`);
  }

  const soak = readSoak();
  const results = {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machine(chromium),
    setup: {
      browser: 'headless Chromium via puppeteer-core, popup blocker on, trusted clicks (page.mouse.click)',
      host: host.origin,
      emulator: { api: emulator.apiOrigin, provider: emulator.providerOrigin, completion: emulator.completionOrigin },
      bundle: 'dist/bwell-connect.bundle.js',
      runs,
    },
    measures,
    ...(soak ? { soak } : {}),
  };
  const markdown = quick ? toMarkdown(results) : writeResults(results);
  console.log(`\n${markdown}`);
  if (quick) console.log('(--quick: bench/results.json and bench/results.md left as they were)');
} finally {
  await browser.close();
  await emulator.close();
  await host.close();
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Runs `n` attempts on the host page's element: sets the attributes, then for each attempt the endpoint with
 * `flags(i)`, clicks the button with the real mouse and waits for the event. Returns the page's stamps.
 * @param {import('puppeteer-core').Page} page
 * @param {number} n
 * @param {(i: number) => Record<string, string>} flags
 * @param {Record<string, string>} [attributes]
 */
async function attempts(page, n, flags, attributes = {}) {
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
function spread(i, n, ms) {
  return String(Math.floor(((i + Math.random()) / n) * ms));
}

/** Script evaluation, element definition and first render of the bundle, each run in a fresh browser context. */
async function measureLoad(n) {
  const samples = [];
  for (let i = 0; i < n; i += 1) {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.goto(`${host.origin}/blank.html`);
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
function clickToOpen(list) {
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
function messageToEvent(list) {
  const withMessage = list.filter((a) => a.message !== undefined && a.event !== undefined);
  return {
    attempts: list.length,
    statuses: count(list.map((a) => a.status)),
    sameTask: withMessage.filter((a) => a.eventInMessageTask).length,
    latency: summary(withMessage.map((a) => a.event - a.message)),
  };
}

function count(values) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

function machine(chromium) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
  };
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

function log(line) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
}
