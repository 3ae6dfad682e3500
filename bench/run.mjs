// Measures <bwell-connect> in real Chromium, popup blocker on, against the local b.well emulator on origins of
// its own, with the host page on http://localhost:<port> loading the built bundle. Prints a table and writes
// bench/results.json and bench/results.md. Figures for reading: nothing here passes or fails.
//
//   node bench/run.mjs            (about 2–3 minutes)
//   node bench/run.mjs --quick    (fewer attempts, for trying the script out; writes nothing)
//   node bench/run.mjs --render   (only rewrites bench/results.md from bench/results.json and bench/soak.json)
//
// The host page (bench/pages/host.html) stamps everything itself with bench/pages/instrumentation.js;
// bench/measure.mjs drives it and bench/report.mjs writes the markdown.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.mjs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { ensureBundle, serveStatic } from '../scripts/static-server.mjs';
import { attempts, clickToOpen, count, measureLoad, messageToEvent, spread } from './measure.mjs';
import { fmt, readResults, readSoak, toMarkdown, writeResults } from './report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');

/** Attempts per measure. */
const runs = quick ? { load: 3, message: 20, poll: 6, closed: 3 } : { load: 8, message: 200, poll: 16, closed: 6 };

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
  measures.load = await measureLoad(browser, host.origin, bundle, runs.load);
  log(`load: ${fmt(measures.load.total.median)} ms median`);

  const tab = await browser.newPage();
  await tab.setViewport({ width: 800, height: 600 });
  await tab.goto(`${host.origin}/`);
  await tab.waitForFunction(() => customElements.get('bwell-connect') !== undefined);

  const message = await attempts(tab, emulator, runs.message, () => ({ auto: 'success', autoDelay: '0' }));
  measures.clickToOpen = clickToOpen(message);
  measures.message = messageToEvent(message);
  measures.roundTrip = summary(message.map((a) => a.event - a.click));
  log(`postMessage → event: ${fmt(measures.message.latency.median)} ms median`);

  measures.poll = {};
  for (const interval of [500, 100]) {
    const list = await attempts(
      tab,
      emulator,
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
      tab,
      emulator,
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

function log(line) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
}
