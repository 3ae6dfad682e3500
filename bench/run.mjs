// Measures <bwell-connect> in real Chromium, popup blocker on, against the local b.well emulator on origins of
// its own, with the host page on http://localhost:<port> loading the built bundle. Prints a table and writes
// bench/results.json and bench/results.md. Figures for reading: nothing here passes or fails.
//
// The host page (bench/pages/host.html) stamps everything itself with bench/pages/instrumentation.js;
// bench/measure.mjs drives it and bench/report.mjs writes the markdown.
import os from 'node:os';
import { parseOptions } from '../scripts/lib/options.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { withBrowser } from './harness.mjs';
import { attempts, clickToOpen, closedToEvent, measureLoad, messageToEvent, pollToEvent, spread } from './measure.mjs';
import { fmt, rerender, toMarkdown, withSoak, writeResults } from './report.mjs';

const usage = `usage: node bench/run.mjs [--quick | --render]   (about 2–3 minutes)
  --quick   fewer attempts, for trying the script out; writes nothing
  --render  only rewrites bench/results.md from bench/results.json and bench/soak.json`;
const options = parseOptions(usage, { quick: { type: 'boolean' }, render: { type: 'boolean' } });
if (options.render) {
  console.log(rerender());
  process.exit(0);
}
/** Attempts per measure. */
const runs = options.quick
  ? { load: 3, message: 20, poll: 6, closed: 3 }
  : { load: 8, message: 200, poll: 16, closed: 6 };
const started = Date.now();
const loadAverageAtStart = os.loadavg().map((l) => round(l, 2));
const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const results = await withBrowser(async ({ host, emulator, browser }) => {
  const measures = {};
  measures.load = await measureLoad(browser, host.origin, runs.load);
  log(`load: ${fmt(measures.load.total.median)} ms median`);

  const tab = await browser.newPage();
  await tab.setViewport({ width: 800, height: 600 });
  await tab.goto(`${host.origin}/host.html`);
  await tab.waitForFunction(() => window.bench.arm !== undefined); // the host page's last script has run
  const run = (n, flags, attributes) => attempts(tab, emulator, n, flags, attributes);

  const message = await run(runs.message, () => ({ auto: 'success', autoDelay: '0' }));
  measures.clickToOpen = clickToOpen(message);
  measures.message = messageToEvent(message);
  measures.roundTrip = summary(message.map((a) => a.event - a.click));
  log(`postMessage → event: ${fmt(measures.message.latency.median)} ms median`);

  measures.poll = {};
  for (const interval of [500, 100]) {
    const flags = (i) => ({ auto: 'success', autoDelay: spread(i, runs.poll, interval), redirect: 'custom' });
    measures.poll[interval] = pollToEvent(await run(runs.poll, flags, { 'poll-interval': String(interval) }), interval);
    log(`poll ${interval}: ${fmt(measures.poll[interval].latency.median)} ms median`);
  }

  measures.closed = {};
  for (const [name, attributes] of Object.entries({ noServerCheck: { 'no-server-check': '' }, serverCheck: {} })) {
    const flags = (i) => ({ auto: 'close', autoDelay: spread(i, runs.closed, 500) });
    measures.closed[name] = closedToEvent(await run(runs.closed, flags, attributes));
    log(`closed (${name}): ${fmt(measures.closed[name].latency.median)} ms median`);
  }

  return {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      loadAverageAtStart,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium: await browser.version(),
    },
    setup: {
      browser: 'headless Chromium via puppeteer-core, popup blocker on, trusted clicks (page.mouse.click)',
      host: host.origin,
      emulator: { api: emulator.apiOrigin, provider: emulator.providerOrigin, completion: emulator.completionOrigin },
      bundle: 'dist/bwell-connect.bundle.js',
      runs,
    },
    measures,
  };
});
const markdown = options.quick ? toMarkdown(withSoak(results)) : writeResults(withSoak(results));
console.log(`\n${markdown}`);
if (options.quick) console.log('(--quick: bench/results.json and bench/results.md left as they were)');
