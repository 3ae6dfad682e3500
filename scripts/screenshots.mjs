// Renders <bwell-connect> in each state, light and dark, with headless Chromium into screenshots/*.png (in the
// repository only: the npm package does not ship them).
// Uses the built bundle (dist/bwell-connect.bundle.js; built first when missing). The states are set by driving
// the element: the native seam (`openUrl`) stands in for the popup, `complete()` ends the attempt.
// Then the demo's provider list (providers-light.png, providers-dark.png): demo/index.html as `npm start`
// serves it (the dev server of web-dev-server.config.mjs, with its emulator), once every row's element has
// read its connection's status. The emulator's seeded dates and the UTC time zone keep the shots the same
// from one run to the next.
//
//   node scripts/screenshots.mjs
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import devServerConfig from '../web-dev-server.config.mjs';
import { launchChromium } from './lib/chromium.mjs';
import { ensureBundle, serveStatic } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}screenshots`;

/** The states shot; the page below puts one element in each. */
const states = ['idle', 'focused', 'working', 'succeeded', 'failed', 'disabled'];
const schemes = ['light', 'dark'];

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>bwell-connect states</title>
  <style>
    :root { color-scheme: light dark; }
    body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: Canvas; color: CanvasText; }
    .shot { display: inline-block; padding: 16px 20px; }
  </style>
  <script type="module">
    import '/bwell-connect.bundle.js';
    const endpoint = new URL('/graphql', location.href).href; // never answers: "Connecting…" stays
    for (const state of ${JSON.stringify(states)}) {
      const shot = document.createElement('div');
      shot.className = 'shot';
      shot.id = state;
      const el = document.createElement('bwell-connect');
      el.setAttribute('connection-id', 'proa_demo');
      el.setAttribute('endpoint', endpoint);
      el.accessToken = 'screenshot-token';
      el.openUrl = () => {};
      if (state === 'disabled') el.disabled = true;
      shot.append(el);
      document.body.append(shot);
    }
    const el = (id) => document.querySelector('#' + id + ' bwell-connect');
    await customElements.whenDefined('bwell-connect');
    void el('working').connect();
    void el('succeeded').connect();
    el('succeeded').complete('success');
    void el('failed').connect();
    el('failed').complete('cancelled');
    await Promise.all([...document.querySelectorAll('bwell-connect')].map((e) => e.updateComplete));
    // A still spinner, at the same angle every time, so that a re-run does not change the working shot.
    for (const animation of el('working').shadowRoot.getAnimations()) {
      animation.pause();
      animation.currentTime = 250;
    }
    document.body.dataset.ready = 'true';
  </script>
</head>
<body></body>
</html>`;

/** A port no one listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Shoots the demo's provider list (`#providers` of demo/index.html) in each scheme, after each row's element
 * has read its status.
 * @param {import('puppeteer-core').Browser} browser
 */
async function shootProviders(browser) {
  const demo = await startDevServer({
    config: { ...devServerConfig, rootDir: root, port: await freePort(), open: false },
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
      await tab.emulateMediaFeatures([
        { name: 'prefers-color-scheme', value: scheme },
        { name: 'prefers-reduced-motion', value: 'reduce' },
      ]);
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
      const list = await tab.$('#providers');
      const file = `${outDir}/providers-${scheme}.png`;
      await list?.screenshot({ path: file });
      console.log(`${file.slice(root.length)}  ${statSync(file).size} bytes`);
    }
    await tab.close();
  } finally {
    await demo.stop();
  }
}

const bundle = await ensureBundle(root);
mkdirSync(outDir, { recursive: true });

const server = await serveStatic({
  '/': { type: 'text/html; charset=utf-8', body: page },
  '/bwell-connect.bundle.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(bundle, 'utf8') },
  '/graphql': { type: 'application/json', hold: true },
});
const browser = await launchChromium();

try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 640, height: 900, deviceScaleFactor: 2 });
  for (const scheme of schemes) {
    await tab.emulateMediaFeatures([
      { name: 'prefers-color-scheme', value: scheme },
      { name: 'prefers-reduced-motion', value: 'reduce' },
    ]);
    await tab.goto(`${server.origin}/`);
    await tab.waitForSelector('body[data-ready]');
    for (const state of states) {
      if (state === 'focused') {
        // Tab from the element before it: keyboard focus, so :focus-visible shows the ring.
        await tab.focus('#idle bwell-connect');
        await tab.keyboard.press('Tab');
      }
      const shot = await tab.$(`#${state}`);
      const file = `${outDir}/${state}-${scheme}.png`;
      await shot.screenshot({ path: file });
      console.log(`${file.slice(root.length)}  ${statSync(file).size} bytes`);
    }
  }
  await shootProviders(browser);
} finally {
  await browser.close();
  await server.close();
}
