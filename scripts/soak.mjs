// Soak: runs 1000 <bwell-connect> attempts in a row in real Chromium against the local b.well emulator (auto=success,
// a short autoDelay), with the host page loading the built bundle, then reports what the element left behind:
// live timeouts and intervals it created, `message` listeners on window, popups still open, and the JS heap
// before and after (after a forced GC). Prints a table, writes bench/soak.json (read by `npm run bench` for the
// README's figures), and exits 1 if any handle is left.
//
//   npm run soak                                 (1000 attempts, writes bench/soak.json; about 15 minutes on two cores)
//   node scripts/soak.mjs --attempts 300         (CI: the same checks, fewer attempts; writes no file)
//   node scripts/soak.mjs --attempts 300 --out soak.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.mjs';
import { launchChromium } from './lib/chromium.mjs';
import { parseOptions } from './lib/options.mjs';
import { round, summary } from './lib/summary.mjs';
import { ensureBundle, serveStatic } from './static-server.mjs';

const scriptStarted = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_ATTEMPTS = 1000;
const usage = `usage: node scripts/soak.mjs [--attempts N] [--out FILE]
  --attempts N  attempts in a row (default ${DEFAULT_ATTEMPTS})
  --out FILE    where the report goes (default bench/soak.json for a ${DEFAULT_ATTEMPTS}-attempt run, none otherwise)`;
/** @type {{ attempts?: string, out?: string }} */
const options = parseOptions(usage, { attempts: { type: 'string' }, out: { type: 'string' } });
const ATTEMPTS = options.attempts === undefined ? DEFAULT_ATTEMPTS : Number(options.attempts);
if (!Number.isInteger(ATTEMPTS) || ATTEMPTS < 1) {
  console.error(`--attempts wants a whole number of at least 1, not "${options.attempts}"\n${usage}`);
  process.exit(2);
}
// bench/soak.json is what the README quotes: a shorter run (CI's) must not replace it unasked.
const OUT =
  options.out !== undefined
    ? resolve(options.out)
    : ATTEMPTS === DEFAULT_ATTEMPTS
      ? `${root}bench/soak.json`
      : undefined;
const WARM_UP = Math.min(10, ATTEMPTS);
const CONNECTION_ID = 'proa_demo';
const FLAGS = { auto: 'success', autoDelay: '10' };

// Runs before the bundle: every setTimeout/setInterval the page creates is recorded until it fires (a timeout)
// or is cleared. The soak's own waiting uses the saved native functions, so what is recorded is the element's.
const instrumentation = `
(() => {
  const native = { setTimeout, clearTimeout, setInterval, clearInterval };
  const live = new Map();
  const soak = (window.soak = { native, live, created: { timeout: 0, interval: 0 } });
  const forget = (id) => live.delete(id);
  window.setTimeout = function (callback, ms, ...args) {
    const run = typeof callback === 'function' ? function (...a) { forget(id); return callback.apply(this, a); } : callback;
    const id = native.setTimeout.call(window, run, ms, ...args);
    soak.created.timeout += 1;
    live.set(id, { kind: 'timeout', ms, stack: new Error().stack });
    return id;
  };
  window.setInterval = function (callback, ms, ...args) {
    const id = native.setInterval.call(window, callback, ms, ...args);
    soak.created.interval += 1;
    live.set(id, { kind: 'interval', ms, stack: new Error().stack });
    return id;
  };
  // Timeouts and intervals share one id space: either clear function clears either.
  window.clearTimeout = function (id) { forget(id); return native.clearTimeout.call(window, id); };
  window.clearInterval = function (id) { forget(id); return native.clearInterval.call(window, id); };
})();
`;

function hostPage(endpoint, completionOrigin) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bwell-connect soak</title>
<script>${instrumentation}</script>
<script type="module" src="/bwell-connect.bundle.js"></script>
</head>
<body>
<bwell-connect connection-id="${CONNECTION_ID}" endpoint="${endpoint}" trusted-origins="${completionOrigin}"></bwell-connect>
</body>
</html>`;
}

const bundle = await ensureBundle(root);
const emulator = await startEmulator({});
const endpoint = new URL(emulator.endpoint);
for (const [name, value] of Object.entries(FLAGS)) endpoint.searchParams.set(name, value);
const host = await serveStatic({
  '/': { type: 'text/html; charset=utf-8', body: hostPage(endpoint.href, emulator.completionOrigin) },
  '/bwell-connect.bundle.js': { type: 'text/javascript; charset=utf-8', file: bundle },
});
// connect() is called from a script, with no user gesture: only with the blocker off may it open the popup.
const browser = await launchChromium({ popupBlocker: false });

let report;
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  await page.goto(`${host.origin}/`);
  await page.waitForFunction(
    () => customElements.get('bwell-connect') !== undefined && document.querySelector('bwell-connect')?.shadowRoot,
  );
  await page.evaluate(() => (document.querySelector('bwell-connect').accessToken = 'soak-token'));

  const before = { heap: await heap(cdp), listeners: await windowListeners(cdp) };

  // The probe: mid-attempt, the same instruments must see the element's handles, or a zero below means nothing.
  await page.evaluate(() => {
    window.soakProbe = document.querySelector('bwell-connect').connect();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const probe = {
    liveTimers: await page.evaluate(() => [...window.soak.live.values()].map((t) => t.kind).sort()),
    messageListeners: (await windowListeners(cdp)).message ?? 0,
    popups: browser.targets().filter((t) => t.type() === 'page' && t.opener() === page.target()).length,
  };
  if ((await page.evaluate(async () => (await window.soakProbe).status)) !== 'success')
    throw new Error('the probe attempt failed');
  const started = performance.now();
  const durations = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  let afterWarmUp;
  for (let i = 0; i < ATTEMPTS; i += 1) {
    const t0 = performance.now();
    const status = await page.evaluate(async () => (await document.querySelector('bwell-connect').connect()).status);
    durations.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (i + 1 === WARM_UP) afterWarmUp = await heap(cdp);
    if ((i + 1) % 100 === 0)
      console.log(`  ${i + 1}/${ATTEMPTS} attempts, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  const elapsed = performance.now() - started;

  // Popups close as the attempt settles; their targets go away a moment later.
  const openPopups = async () =>
    browser.targets().filter((t) => t.type() === 'page' && t.opener() === page.target()).length;
  for (let waited = 0; (await openPopups()) > 0 && waited < 5000; waited += 250)
    await new Promise((r) => setTimeout(r, 250));
  // After settling, the element checks for up to 1 s that the popup stayed closed (WebKit can undo a close
  // during a navigation): those short timers end by themselves, so they are given that second, no more.
  await new Promise((r) => setTimeout(r, 1200));

  const live = await page.evaluate(() =>
    [...window.soak.live.values()].map(({ kind, ms, stack }) => ({
      kind,
      ms,
      stack: stack.split('\n').slice(2, 5).join(' | '),
    })),
  );
  const created = await page.evaluate(() => window.soak.created);
  const after = { heap: await heap(cdp), listeners: await windowListeners(cdp) };
  const popupsOpen = await openPopups();

  report = {
    date: new Date().toISOString(),
    chromium: await browser.version(),
    node: process.version,
    bundle: 'dist/bwell-connect.bundle.js',
    flags: FLAGS,
    attempts: ATTEMPTS,
    statuses,
    seconds: round(elapsed / 1000, 1),
    perAttemptMs: summary(durations),
    timersCreated: created,
    left: {
      timeouts: live.filter((t) => t.kind === 'timeout').length,
      intervals: live.filter((t) => t.kind === 'interval').length,
      messageListeners: (after.listeners.message ?? 0) - (before.listeners.message ?? 0),
      popups: popupsOpen,
    },
    liveTimers: live.slice(0, 10),
    probeMidAttempt: probe,
    windowListeners: { before: before.listeners, after: after.listeners },
    heapUsedBytes: { before: before.heap, afterWarmUp: afterWarmUp ?? before.heap, after: after.heap },
  };
} finally {
  await browser.close();
  await host.close();
  await emulator.close();
}

report.totalSeconds = round((performance.now() - scriptStarted) / 1000, 1);
if (OUT) {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const ms = (value) => `${Math.round(value)} ms`;
const { left, heapUsedBytes: h } = report;
const handlesLeft = left.timeouts + left.intervals + left.messageListeners + left.popups;
console.log(`
bwell-connect soak: ${report.attempts} attempts in ${report.seconds} s (${report.totalSeconds} s with start-up; ${report.chromium})
  statuses                 ${Object.entries(report.statuses)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ')}
  per attempt              median ${ms(report.perAttemptMs.median)}, p95 ${ms(report.perAttemptMs.p95)}, max ${ms(report.perAttemptMs.max)} (nearest-rank)
  timers created           ${report.timersCreated.timeout} timeouts, ${report.timersCreated.interval} intervals
  mid-attempt probe        ${report.probeMidAttempt.liveTimers.join(' + ') || 'no timers'}, ${report.probeMidAttempt.messageListeners} message listener(s), ${report.probeMidAttempt.popups} popup(s) (the instruments see the handles)

  left behind              count
  live timeouts            ${left.timeouts}
  live intervals           ${left.intervals}
  message listeners        ${left.messageListeners}   (window: ${report.windowListeners.before.message ?? 0} before, ${report.windowListeners.after.message ?? 0} after)
  popups open              ${left.popups}

  JS heap used (after GC)  before ${mb(h.before)}, after ${report.attempts >= WARM_UP ? `${WARM_UP} attempts ${mb(h.afterWarmUp)}, after ` : ''}${report.attempts} ${mb(h.after)} (${signed(Math.round((h.after - h.afterWarmUp) / 1000))} kB since the warm-up)
  written                  ${OUT ? OUT.replace(root, '') : `nothing (a run of other than ${DEFAULT_ATTEMPTS} attempts; --out FILE keeps it)`}
${handlesLeft > 0 ? `\nFAIL: ${handlesLeft} handle(s) left behind\n${report.liveTimers.map((t) => `  ${t.kind} ${t.ms} ms: ${t.stack}`).join('\n')}` : '\nOK: nothing left behind'}`);
process.exitCode = handlesLeft > 0 ? 1 : 0;

/** JS heap in use after a full garbage collection. */
async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** The event listeners on window, counted by type (DevTools' view, which sees every listener). */
async function windowListeners(cdp) {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  try {
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    /** @type {Record<string, number>} */
    const byType = {};
    for (const listener of listeners) byType[listener.type] = (byType[listener.type] ?? 0) + 1;
    return byType;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
}

function signed(n) {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}
