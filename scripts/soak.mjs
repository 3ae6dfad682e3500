// Soak: 1000 <bwell-connect> attempts in a row in real Chromium against the local b.well emulator (auto=success,
// a short autoDelay), the host page (scripts/pages/soak.html) loading the built bundle; then what the element left
// behind: live timeouts and intervals it created (scripts/pages/timers.js records them), `message` listeners on
// window, popups still open, and the JS heap before and after (after a forced GC). Prints a table, writes bench/soak.json (the README's figures, via `npm run bench`), and
// exits 1 if any handle is left.
//
//   npm run soak                                 (1000 attempts, writes bench/soak.json; about 15 minutes on two cores)
//   node scripts/soak.mjs --attempts 300         (CI: the same checks, fewer attempts; writes no file)
//   node scripts/soak.mjs --attempts 300 --out soak.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
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
const options = parseOptions(usage, { attempts: { type: 'string' }, out: { type: 'string' } });
const ATTEMPTS = Number(options.attempts ?? DEFAULT_ATTEMPTS);
if (!Number.isInteger(ATTEMPTS) || ATTEMPTS < 1) {
  console.error(`--attempts wants a whole number of at least 1, not "${options.attempts}"\n${usage}`);
  process.exit(2);
}
// bench/soak.json is what the README quotes: a shorter run (CI's) must not replace it unasked.
const OUT =
  options.out !== undefined ? resolve(options.out) : ATTEMPTS === DEFAULT_ATTEMPTS && `${root}bench/soak.json`;
const WARM_UP = Math.min(10, ATTEMPTS);
const FLAGS = { auto: 'success', autoDelay: '10' };

const bundle = await ensureBundle(root);
const emulator = await startEmulator({});
const endpoint = new URL(emulator.endpoint);
for (const [name, value] of Object.entries(FLAGS)) endpoint.searchParams.set(name, value);
const host = await serveStatic({
  '/': { type: 'text/html; charset=utf-8', file: `${root}scripts/pages/soak.html` },
  '/timers.js': { type: 'text/javascript; charset=utf-8', file: `${root}scripts/pages/timers.js` },
  '/bwell-connect.bundle.js': { type: 'text/javascript; charset=utf-8', file: bundle },
});
// connect() is called from a script, with no user gesture: only with the blocker off may it open the popup.
const browser = await launchChromium({ popupBlocker: false });

let report;
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await page.goto(
    `${host.origin}/?${new URLSearchParams({ endpoint: endpoint.href, trusted: emulator.completionOrigin })}`,
  );
  await page.waitForFunction(
    () => customElements.get('bwell-connect') !== undefined && document.querySelector('bwell-connect')?.shadowRoot,
  );
  await page.evaluate(() => (document.querySelector('bwell-connect').accessToken = 'soak-token'));
  const popups = () => browser.targets().filter((t) => t.type() === 'page' && t.opener() === page.target()).length;
  const liveTimers = () => page.evaluate(() => [...window.soak.live.values()]);

  const before = { heap: await heap(page, cdp), listeners: await windowListeners(cdp) };

  // The probe: mid-attempt, the same instruments must see the element's handles, or a zero below means nothing.
  // (A block body: an arrow that returned the attempt's promise would have Puppeteer wait for it to settle.)
  await page.evaluate(() => {
    window.soakProbe = document.querySelector('bwell-connect').connect();
  });
  await delay(50);
  const probe = {
    liveTimers: (await liveTimers()).map((t) => t.kind).sort(),
    messageListeners: (await windowListeners(cdp)).message ?? 0,
    popups: popups(),
  };
  if ((await page.evaluate(async () => (await window.soakProbe).status)) !== 'success')
    throw new Error('the probe attempt failed');
  const started = performance.now();
  const durations = [];
  const statuses = {};
  let afterWarmUp;
  for (let i = 1; i <= ATTEMPTS; i += 1) {
    const t0 = performance.now();
    const status = await page.evaluate(async () => (await document.querySelector('bwell-connect').connect()).status);
    durations.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (i === WARM_UP) afterWarmUp = await heap(page, cdp);
    if (i % 100 === 0)
      console.log(`  ${i}/${ATTEMPTS} attempts, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  const elapsed = performance.now() - started;

  // Popups close as the attempt settles; their targets go away a moment later.
  for (let waited = 0; popups() > 0 && waited < 5000; waited += 250) await delay(250);
  // After settling, the element checks for up to 1 s that the popup stayed closed (WebKit can undo a close
  // during a navigation): those short timers end by themselves, so they are given that second, no more.
  await delay(1200);

  // Each stack's three frames below Error, record and the wrapper: where the element made the timer.
  const live = (await liveTimers()).map((t) => ({ ...t, stack: t.stack.split('\n').slice(3, 6).join(' | ') }));
  const after = { heap: await heap(page, cdp), listeners: await windowListeners(cdp) };
  const count = (kind) => live.filter((t) => t.kind === kind).length;

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
    timersCreated: await page.evaluate(() => window.soak.created),
    left: {
      timeouts: count('timeout'),
      intervals: count('interval'),
      messageListeners: (after.listeners.message ?? 0) - (before.listeners.message ?? 0),
      popups: popups(),
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
const kB = Math.round((report.heapUsedBytes.after - report.heapUsedBytes.afterWarmUp) / 1000);
const { left, heapUsedBytes: h, perAttemptMs: t, probeMidAttempt: p, windowListeners: w } = report;
const counts = Object.entries(report.statuses).map(([status, n]) => `${status} ${n}`);
const handlesLeft = left.timeouts + left.intervals + left.messageListeners + left.popups;
console.log(`
bwell-connect soak: ${report.attempts} attempts in ${report.seconds} s (${report.totalSeconds} s with start-up; ${report.chromium})
  statuses                 ${counts.join(', ')}
  per attempt              median ${ms(t.median)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (nearest-rank)
  timers created           ${report.timersCreated.timeout} timeouts, ${report.timersCreated.interval} intervals
  mid-attempt probe        ${p.liveTimers.join(' + ') || 'no timers'}, ${p.messageListeners} message listener(s), ${p.popups} popup(s) (the instruments see the handles)

  left behind              count
  live timeouts            ${left.timeouts}
  live intervals           ${left.intervals}
  message listeners        ${left.messageListeners}   (window: ${w.before.message ?? 0} before, ${w.after.message ?? 0} after)
  popups open              ${left.popups}

  JS heap used (after GC)  before ${mb(h.before)}, after ${WARM_UP} attempts ${mb(h.afterWarmUp)}, after ${report.attempts} ${mb(h.after)} (${kB > 0 ? `+${kB}` : kB < 0 ? `−${-kB}` : '±0'} kB since the warm-up)
  written                  ${OUT ? OUT.replace(root, '') : `nothing (a run of other than ${DEFAULT_ATTEMPTS} attempts; --out FILE keeps it)`}
${handlesLeft > 0 ? `\nFAIL: ${handlesLeft} handle(s) left behind\n${report.liveTimers.map((l) => `  ${l.kind} ${l.ms} ms: ${l.stack}`).join('\n')}` : '\nOK: nothing left behind'}`);
process.exitCode = handlesLeft > 0 ? 1 : 0;

/** JS heap in use after a full garbage collection. */
async function heap(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await page.metrics()).JSHeapUsedSize ?? Number.NaN;
}

/** The event listeners on window, counted by type (DevTools' view, which sees every listener). */
async function windowListeners(cdp) {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  try {
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    const byType = {};
    for (const { type } of listeners) byType[type] = (byType[type] ?? 0) + 1;
    return byType;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
}
