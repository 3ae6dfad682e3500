// A provider directory: 10, 100 and 1000 idle <bwell-connect> elements on one page, against the same number of a
// minimal Lit button (Lit's own smallest element with a <button> in its shadow root), in one Chromium run: the ms
// to render them all, the heap each one holds, and the window and document listeners each one adds. Prints the
// table and writes bench/scale.json. Figures for reading: nothing here passes or fails.
//
//   node bench/scale.mjs [--runs N]   (default 5 fresh pages per size and element; about a minute)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { ensureBundle, serveStatic } from '../scripts/static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const SIZES = [10, 100, 1000];
const ELEMENTS = { 'bwell-connect': 'bwell-connect', 'minimal Lit button': 'minimal-button' };

/** The baseline: Lit's production build and the least an element with a button can be. */
const minimalButton = await build({
  stdin: {
    contents: `import { LitElement, html } from 'lit';
      customElements.define('minimal-button', class extends LitElement {
        render() { return html\`<button type="button"><slot>Connect</slot></button>\`; }
      });`,
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  minify: true,
  format: 'iife',
  write: false,
});

await ensureBundle(root);
const host = await serveStatic({
  '/scale.html': { type: 'text/html; charset=utf-8', file: `${root}bench/pages/scale.html` },
  '/minimal-button.js': { type: 'text/javascript; charset=utf-8', body: minimalButton.outputFiles[0].text },
  '/bwell-connect.min.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(`${root}dist/bwell-connect.min.js`, 'utf8'),
  },
});
const browser = await launchChromium();

/** The listeners on window and document, counted over the DevTools protocol. */
async function listenerCount(cdp) {
  let total = 0;
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    total += listeners.length;
  }
  return total;
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** One fresh page: mounts `count` elements of `tag`; ms to render, heap and listeners per element. */
async function measure(tag, count) {
  const page = await browser.newPage();
  try {
    await page.goto(`${host.origin}/scale.html`);
    const cdp = await page.createCDPSession();
    const listenersBefore = await listenerCount(cdp);
    const heapBefore = await heapUsed(cdp);
    const ms = await page.evaluate((t, n) => window.mount(t, n), tag, count);
    const heap = (await heapUsed(cdp)) - heapBefore;
    const listeners = (await listenerCount(cdp)) - listenersBefore;
    return { ms, heapPerElement: heap / count, listenersPerElement: listeners / count };
  } finally {
    await page.close();
  }
}

const results = {};
try {
  for (const count of SIZES) {
    for (const [name, tag] of Object.entries(ELEMENTS)) {
      const samples = [];
      for (let i = 0; i < RUNS; i++) samples.push(await measure(tag, count));
      results[`${name}/${count}`] = {
        renderMs: summary(samples.map((s) => s.ms)),
        heapPerElementBytes: summary(samples.map((s) => s.heapPerElement)),
        listenersPerElement: Math.max(...samples.map((s) => s.listenersPerElement)),
      };
    }
  }
} finally {
  await browser.close();
  await host.close();
}

const ratios = {};
console.log(
  'elements  render ms (median): element / Lit button = ratio   ' +
    'heap B each: element / Lit button = ratio   listeners on window+document per element',
);
for (const count of SIZES) {
  const e = results[`bwell-connect/${count}`];
  const b = results[`minimal Lit button/${count}`];
  ratios[count] = {
    render: round(e.renderMs.median / b.renderMs.median),
    heap: round(e.heapPerElementBytes.median / b.heapPerElementBytes.median),
  };
  const heap = `${Math.round(e.heapPerElementBytes.median)} / ${Math.round(b.heapPerElementBytes.median)}`;
  console.log(
    `${String(count).padStart(8)}  ${e.renderMs.median} / ${b.renderMs.median} = ${ratios[count].render}`.padEnd(62) +
      `${heap} = ${ratios[count].heap}`.padEnd(44) +
      `${e.listenersPerElement}`,
  );
}
const report = {
  date: new Date().toISOString(),
  runs: RUNS,
  results,
  ratios,
  goal: '≤ 2× a minimal Lit button in render time and heap, 0 window listeners per idle element',
};
writeFileSync(`${root}bench/scale.json`, `${JSON.stringify(report, null, 2)}\n`);
