// Renders <bwell-connect> in each state, light and dark, with headless Chromium into screenshots/*.png (for the
// repository; the npm package does not ship them), from the built bundle (built first when missing). The states
// come from driving the element: the native seam (`openUrl`) stands in for the popup, `complete()` ends the
// attempt. Then the demo's provider list (providers-*.png): demo/index.html as `npm start` serves it (the dev
// server of web-dev-server.config.mjs, with its emulator), once every row's element has read its status. The
// emulator's seeded dates and the UTC time zone keep the shots the same from one run to the next.
//
//   node scripts/screenshots.mjs
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import getPort from 'get-port';
import devServerConfig from '../web-dev-server.config.mjs';
import { launchChromium } from './lib/chromium.mjs';
import { ensureBundle, serveStatic } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}screenshots`;

/** The states shot: scripts/pages/states.html puts one element in each (its id), and drives it there. */
const states = ['idle', 'focused', 'working', 'succeeded', 'failed', 'disabled'];
const schemes = ['light', 'dark'];

/** The look users may have: light or dark, and no motion, so a shot never catches a transition. */
async function emulateScheme(tab, scheme) {
  await tab.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: scheme },
    { name: 'prefers-reduced-motion', value: 'reduce' },
  ]);
}

/** Shoots `element` into screenshots/<name>.png and says so. */
async function shoot(element, name) {
  const file = `${outDir}/${name}.png`;
  await element.screenshot({ path: file });
  console.log(`${file.slice(root.length)}  ${statSync(file).size} bytes`);
}

/**
 * Shoots the demo's provider list (`#providers` of demo/index.html) in each scheme, after each row's element
 * has read its status.
 * @param {import('puppeteer-core').Browser} browser
 */
async function shootProviders(browser) {
  const demo = await startDevServer({
    config: { ...devServerConfig, rootDir: root, port: await getPort(), open: false },
    readCliArgs: false,
    readFileConfig: false,
    autoExitProcess: false,
    logStartMessage: false,
  });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 860, height: 1400, deviceScaleFactor: 2 });
    await tab.emulateTimezone('UTC');
    for (const scheme of schemes) {
      await emulateScheme(tab, scheme);
      await tab.goto(`http://localhost:${demo.config.port}/demo/index.html`, { waitUntil: 'load' });
      await tab.waitForFunction(
        () => {
          const elements = [...document.querySelectorAll('#providers bwell-connect')];
          return elements.length > 0 && elements.every((element) => element.hasAttribute('connection-status'));
        },
        { timeout: 20_000 },
      );
      await tab.evaluate(async () => {
        for (const element of document.querySelectorAll('#providers bwell-connect')) {
          while (!(await /** @type {any} */ (element).updateComplete));
        }
      });
      await shoot(await tab.$('#providers'), `providers-${scheme}`);
    }
    await tab.close();
  } finally {
    await demo.stop();
  }
}

const bundle = await ensureBundle(root);
mkdirSync(outDir, { recursive: true });

const server = await serveStatic({
  '/': { type: 'text/html; charset=utf-8', file: `${root}scripts/pages/states.html` },
  '/bwell-connect.bundle.js': { type: 'text/javascript; charset=utf-8', file: bundle },
  '/graphql': { type: 'application/json', hold: true },
});
const browser = await launchChromium();

try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 640, height: 900, deviceScaleFactor: 2 });
  for (const scheme of schemes) {
    await emulateScheme(tab, scheme);
    await tab.goto(`${server.origin}/`);
    await tab.waitForSelector('body[data-ready]');
    for (const state of states) {
      if (state === 'focused') {
        // Tab from the element before it: keyboard focus, so :focus-visible shows the ring.
        await tab.focus('#idle bwell-connect');
        await tab.keyboard.press('Tab');
      }
      await shoot(await tab.$(`#${state}`), `${state}-${scheme}`);
    }
  }
  await shootProviders(browser);
} finally {
  await browser.close();
  await server.close();
}
