// What the bench scripts share: their pages and the built bundle on http://localhost:<port>, the b.well emulator
// on origins of its own, Chromium with its popup blocker on (as users have it), and how they print and write.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.mjs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { ensureBundle, serveStatic } from '../scripts/static-server.mjs';
import { formatTable } from '../scripts/lib/table.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const JS = 'text/javascript; charset=utf-8';

/** Serves bench/pages/ and the bundles (and `routes`), then runs `run` with the host, the emulator and Chromium. */
export async function withBrowser(run, routes = {}) {
  await ensureBundle(root);
  const served = {};
  for (const name of readdirSync(`${root}bench/pages`)) served[`/${name}`] = page(name);
  // Where the emulator sends the popup back with redirect=custom.
  served['/demo/callback.html'] = page('callback.html');
  // Read once, now: a rebuild of dist/ during the run must not break it.
  for (const name of ['bwell-connect.bundle.js', 'bwell-connect.min.js']) {
    served[`/${name}`] = { type: JS, body: readFileSync(`${root}dist/${name}`, 'utf8') };
  }
  const host = await serveStatic({ ...served, ...routes });
  const emulator = await startEmulator({ hostOrigin: host.origin });
  const browser = await launchChromium();
  try {
    return await run({ host, emulator, browser });
  } finally {
    await browser.close();
    await emulator.close();
    await host.close();
  }
}

function page(name) {
  return { type: name.endsWith('.html') ? 'text/html; charset=utf-8' : JS, file: `${root}bench/pages/${name}` };
}

/** The centre of the page's #el button (the element's, in its shadow root, once it has rendered). */
export function buttonCentre(page) {
  return page.evaluate(async () => {
    const el = document.getElementById('el');
    if (el.localName === 'bwell-connect') {
      await customElements.whenDefined('bwell-connect');
      await el.updateComplete;
    }
    const box = (el.shadowRoot?.querySelector('button') ?? el).getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
}

/** `fn(i)` for i from 0 to n - 1, one after the other: the results in order. */
export async function repeat(n, fn) {
  const results = [];
  for (let i = 0; i < n; i += 1) results.push(await fn(i));
  return results;
}

/** Writes `data` to bench/`name` as indented JSON. */
export function writeJson(name, data) {
  writeFileSync(`${root}bench/${name}`, `${JSON.stringify(data, null, 2)}\n`);
}

/** Prints `rows`, the first one the header, in columns as wide as their widest cell. */
export function printTable(rows) {
  console.log(formatTable(rows));
}
