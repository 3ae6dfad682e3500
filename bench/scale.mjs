// A provider directory: 10, 100 and 1000 idle <bwell-connect> elements on one page, against the same number of a
// minimal Lit button (Lit's own smallest element with a <button> in its shadow root), in one Chromium run: the ms
// to render them all, the heap each one holds, and the window and document listeners each one adds. Prints the
// table and writes bench/scale.json. Figures for reading: nothing here passes or fails.
import { build } from 'esbuild';
import { parseOptions } from '../scripts/lib/options.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { JS, printTable, repeat, root, withBrowser, writeJson } from './harness.mjs';

const usage = 'usage: node bench/scale.mjs [--runs N]   (default 5 fresh pages per size and element; about a minute)';
const RUNS = Number(parseOptions(usage, { runs: { type: 'string', default: '5' } }).runs);
const SIZES = [10, 100, 1000];
const ELEMENTS = { 'bwell-connect': 'bwell-connect', 'minimal Lit button': 'minimal-button' };
const GOAL = '≤ 2× a minimal Lit button in render time and heap, 0 window listeners per idle element';

/** The baseline: Lit's production build and the least an element with a button can be. */
const minimalButton = await build({
  stdin: {
    contents: `import { LitElement, html } from 'lit';
      customElements.define('minimal-button', class extends LitElement {
        render() { return html\`<button type="button"><slot>Connect</slot></button>\`; }
      });`,
    resolveDir: root,
  },
  bundle: true,
  minify: true,
  format: 'iife',
  write: false,
});

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

/** The JS heap in use after a full GC. */
async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** Per size, the element's render time over the Lit button's in each turn. */
const pairedRender = {};
const routes = { '/minimal-button.js': { type: JS, body: minimalButton.outputFiles[0].text } };
const results = await withBrowser(async ({ host, browser }) => {
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
  for (const count of SIZES) {
    // The two elements take turns, page after page: a machine that slows down mid-run slows both alike.
    const turns = await repeat(RUNS, async () => {
      const turn = {};
      for (const [name, tag] of Object.entries(ELEMENTS)) turn[name] = await measure(tag, count);
      return turn;
    });
    // The render ratio of each turn, its two pages measured back to back: steadier than a ratio of medians.
    pairedRender[count] = summary(turns.map((turn) => turn['bwell-connect'].ms / turn['minimal Lit button'].ms));
    for (const name of Object.keys(ELEMENTS)) {
      const samples = turns.map((turn) => turn[name]);
      results[`${name}/${count}`] = {
        renderMs: summary(samples.map((s) => s.ms)),
        heapPerElementBytes: summary(samples.map((s) => s.heapPerElement)),
        listenersPerElement: Math.max(...samples.map((s) => s.listenersPerElement)),
      };
    }
  }
  return results;
}, routes);

const ratios = {};
const rows = SIZES.map((count) => {
  const [e, b] = [results[`bwell-connect/${count}`], results[`minimal Lit button/${count}`]];
  const [eHeap, bHeap] = [e.heapPerElementBytes.median, b.heapPerElementBytes.median];
  ratios[count] = { render: round(pairedRender[count].median), heap: round(eHeap / bHeap) };
  const render = `${e.renderMs.median} / ${b.renderMs.median}, ratio ${ratios[count].render}`;
  return [count, render, `${Math.round(eHeap)} / ${Math.round(bHeap)} = ${ratios[count].heap}`, e.listenersPerElement];
});
printTable([
  [
    'elements',
    'render ms (median): element / Lit button, ratio (median of the turns’ ratios)',
    'heap B each: element / Lit button = ratio',
    'listeners on window+document per element',
  ],
  ...rows,
]);
writeJson('scale.json', { date: new Date().toISOString(), runs: RUNS, results, ratios, goal: GOAL });
