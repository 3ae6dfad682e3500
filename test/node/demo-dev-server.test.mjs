// The demo as `npm start` serves it: this starts the real dev server — package.json's `start` script, run by
// npm with the config of web-dev-server.config.mjs, on a free port — and opens every demo page in Chromium
// (CHROME_PATH or the one installed, see scripts/lib/chromium.mjs; headless, popup blocker on). Each
// <bwell-connect> must render its button with a label and become usable, with no page error and no console
// error or warning at all: the dev server serves Lit's production build, as an app's bundler does, so not
// even Lit's "dev mode" notice. On demo/index.html a real mouse click, then a click on Allow in the emulator's
// provider popup, must log exactly one connection-success; on each framework page (plain, Vue, Angular, React)
// a real click with the provider consenting by itself (`?auto=success`) must too.
//
// `npm start` builds first (prestart); this test skips that (npm's --ignore-scripts) and relies on dist/
// being built, as `npm test` does before it runs (pretest). Run alone:
//   npm run build && node --test test/node/demo-dev-server.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import getPort from 'get-port';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { NO_SECOND_EVENT_MS } from '../support/waits.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Demo pages with no <bwell-connect>: the popup's return pages (Option 2). They are loaded for errors only. */
const CALLBACK_PAGES = new Set(['callback.html', 'callback-helper.html']);
/** How many elements a page has at least (one unless listed). */
const ELEMENTS = { 'index.html': 2 };
/** Every demo page on disk, so a page added later is tested without editing this file. */
const PAGES = readdirSync(join(ROOT, 'demo'))
  .filter((name) => name.endsWith('.html') && !CALLBACK_PAGES.has(name))
  .sort((a, b) => (a === 'index.html' ? -1 : b === 'index.html' ? 1 : a.localeCompare(b)));

/** @type {import('node:child_process').ChildProcess | undefined} */
let server;
let serverOutput = '';
/** @type {string} */
let origin;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;

/** Kills the dev server and everything it started (npm, sh, node: its process group). */
function killServerGroup(signal) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-(/** @type {number} */ (server.pid)), signal);
  } catch {
    /* already gone */
  }
}

async function stopServer() {
  if (!server) return;
  if (server.exitCode === null && server.signalCode === null) {
    const exited = once(server, 'exit');
    killServerGroup('SIGTERM');
    const timer = setTimeout(() => killServerGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  // npm may exit before its child: make sure nothing of the group is left.
  try {
    process.kill(-(/** @type {number} */ (server.pid)), 'SIGKILL');
  } catch {
    /* the group is gone */
  }
}

// Whatever ends this process, the server's group goes with it.
process.once('exit', () => killServerGroup('SIGKILL'));
for (const name of ['SIGINT', 'SIGTERM']) {
  process.once(name, () => {
    killServerGroup('SIGKILL');
    process.exit(130);
  });
}

/** Starts `npm start` (without prestart's build) on a free port and waits until it serves the emulator's config. */
async function startServer() {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.match(
    scripts.start,
    /^web-dev-server --config web-dev-server\.config\.mjs\b/,
    'npm start is not the dev server this test knows',
  );
  const port = await getPort();
  server = spawn('npm', ['start', '--ignore-scripts', '--', '--port', String(port)], {
    cwd: ROOT,
    detached: true, // its own process group, killed as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => (serverOutput += chunk));
  server.stderr?.on('data', (chunk) => (serverOutput += chunk));
  let failure;
  server.once('error', (error) => (failure = error));
  server.once('exit', (code, signal) => (failure ??= new Error(`npm start exited (${code ?? signal})`)));

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (failure) throw new Error(`${failure.message}\n${serverOutput}`);
    const announced = /bwell-connect demo: (http:\/\/localhost:\d+)\//.exec(serverOutput)?.[1];
    if (announced) {
      try {
        const response = await fetch(`${announced}/__emulator/config.json`);
        if (response.ok) {
          origin = announced;
          return;
        }
      } catch {
        /* not listening yet */
      }
    }
    await delay(200);
  }
  throw new Error(`npm start did not serve the demo within 60 s\n${serverOutput}`);
}

/**
 * Records what a page reports: uncaught errors, and console errors and warnings. A missing favicon would be
 * one: Chromium asks every origin for /favicon.ico, and the emulator answers it.
 * @param {import('puppeteer-core').Page} page
 * @param {string[]} problems
 */
function watch(page, problems) {
  page.on('pageerror', (error) =>
    problems.push(`pageerror on ${page.url()}: ${error instanceof Error ? error.message : error}`),
  );
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warn') return;
    const text = message.text();
    const source = message.location()?.url ?? '';
    problems.push(`console.${type} on ${page.url()}: ${text}${source && source !== page.url() ? ` (${source})` : ''}`);
  });
}

/**
 * Opens a demo page in a new tab.
 * @param {string} path
 */
async function open(path) {
  const page = await /** @type {import('puppeteer-core').Browser} */ (browser).newPage();
  await page.setViewport({ width: 1200, height: 900 });
  /** @type {string[]} */
  const problems = [];
  watch(page, problems);
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: 60_000 });
  // 304: the page again, from the browser's cache.
  assert.ok([200, 304].includes(response?.status() ?? 0), `${path} answered HTTP ${response?.status()}`);
  return { page, problems };
}

/**
 * Waits until no <bwell-connect> of the page has an update pending.
 * @param {import('puppeteer-core').Page} page
 */
function settledUpdates(page) {
  return page.evaluate(async () => {
    for (const element of document.querySelectorAll('bwell-connect')) {
      while (!(await /** @type {any} */ (element).updateComplete));
    }
  });
}

/**
 * What each <bwell-connect> of the page shows: whether it rendered, its button's label (the flattened text of
 * the button, slotted content included) and whether the button can be clicked.
 * @param {import('puppeteer-core').Page} page
 */
function elements(page) {
  return page.evaluate(() => {
    /** @param {Node} node @returns {string} */
    const text = (node) => {
      if (node instanceof HTMLSlotElement) {
        const assigned = node.assignedNodes({ flatten: true });
        return (assigned.length > 0 ? assigned : [...node.childNodes]).map(text).join('');
      }
      if (node.nodeType === Node.TEXT_NODE) return /** @type {Text} */ (node).data;
      if (node.nodeType === Node.ELEMENT_NODE) return [...node.childNodes].map(text).join('');
      return '';
    };
    return [...document.querySelectorAll('bwell-connect')].map((element) => {
      const button = element.shadowRoot?.querySelector('button');
      return {
        defined: element.matches(':defined'),
        shadowRoot: Boolean(element.shadowRoot),
        label: button ? text(button).replace(/\s+/g, ' ').trim() : null,
        enabled: button ? !button.disabled : false,
      };
    });
  });
}

/**
 * Waits until the page has its elements, each rendered with a labelled, enabled button. Stops early when the
 * page reported an error or a warning (after half a second more, to collect the rest).
 * @param {import('puppeteer-core').Page} page
 * @param {number} count
 * @param {string[]} problems
 */
async function waitForElements(page, count, problems) {
  const deadline = Date.now() + 30_000;
  let firstProblemAt = 0;
  let seen = await elements(page);
  while (Date.now() < deadline) {
    if (seen.length >= count && seen.every((e) => e.defined && e.shadowRoot && e.label && e.enabled)) return seen;
    if (problems.length > 0) {
      firstProblemAt ||= Date.now();
      if (Date.now() - firstProblemAt > 500) break;
    }
    await delay(100);
    seen = await elements(page);
  }
  const status = await page.evaluate(() => document.querySelector('[role=status]')?.textContent?.trim() ?? '');
  assert.fail(
    [
      `expected ${count} rendered <bwell-connect> with a labelled, enabled button; got ${JSON.stringify(seen)}`,
      ...(status ? [`the page says: ${status}`] : []),
      ...problems,
    ].join('\n'),
  );
}

/**
 * Clicks `selector` with real mouse input at its centre (a user gesture) and returns the popup it opened.
 * @param {import('puppeteer-core').Page} page
 * @param {string} selector
 * @returns {Promise<import('puppeteer-core').Page>}
 */
async function clickForPopup(page, selector) {
  const button = await page.waitForSelector(selector);
  assert.ok(button, `no ${selector}`);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const popupOpened = new Promise((resolve, reject) => {
    page.once('popup', resolve);
    timer = setTimeout(() => reject(new Error('no popup opened within 15 s')), 15_000);
  });
  await button.click();
  return popupOpened.finally(() => clearTimeout(timer));
}

/**
 * Waits for the page's log to show an entry, allows a second one time to arrive, and checks that there is exactly
 * one: a connection-success for the demo's connection, proa_demo. Returns it.
 * @param {import('puppeteer-core').Page} page
 */
async function expectOneSuccess(page) {
  await page.waitForFunction(() => document.querySelectorAll('#log li').length > 0, { timeout: 20_000 });
  await delay(NO_SECOND_EVENT_MS);
  const entries = await page.$$eval('#log li', (items) =>
    items.map((item) => ({
      type: item.getAttribute('data-type'),
      source: item.getAttribute('data-source'),
      text: item.textContent ?? '',
    })),
  );
  assert.equal(entries.length, 1, `expected one log entry, got ${JSON.stringify(entries)}`);
  assert.equal(entries[0].type, 'connection-success');
  assert.match(entries[0].text, /"connectionId":"proa_demo","status":"success"/);
  return entries[0];
}

describe('the demo as `npm start` serves it', { timeout: 240_000 }, () => {
  before(async () => {
    assert.ok(
      existsSync(join(ROOT, 'dist/bwell-connect.min.js')),
      'dist/ is not built: run `npm run build` (npm test does it first)',
    );
    // Headless, popups blocked unless a real click opens them, as for users.
    browser = await launchChromium();
    await startServer();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopServer();
  });

  for (const name of PAGES) {
    // The framework pages are clicked through as well: with `?auto=success` the emulator's provider consents
    // without a click, and the page must log exactly one connection-success.
    const clicked = name !== 'index.html';
    it(
      `demo/${name}: every <bwell-connect> renders a labelled button, with no error or warning${clicked ? '; a click logs one connection-success' : ''}`,
      { timeout: 90_000 },
      async () => {
        const { page, problems } = await open(`/demo/${name}${clicked ? '?auto=success' : ''}`);
        try {
          const seen = await waitForElements(page, ELEMENTS[name] ?? 1, problems);
          for (const element of seen) assert.ok(element.label, 'a button without a label');
          // Lit warns during an update: once every element's pending update is done, its warnings have reached us
          // (console events arrive before the answer to a later evaluate).
          await settledUpdates(page);
          assert.deepEqual(problems, []);
          if (!clicked) return;
          assert.equal(await page.$eval('#status', (status) => status.textContent), '', 'a status before the click');
          const popup = await clickForPopup(page, 'bwell-connect >>> button');
          watch(popup, problems);
          await expectOneSuccess(page);
          assert.deepEqual(problems, []);
        } finally {
          await page.close();
        }
      },
    );
  }

  it('the callback pages load without errors', async () => {
    for (const name of CALLBACK_PAGES) {
      const { page, problems } = await open(`/demo/${name}`);
      // Their module scripts ran before `load`; this round trip brings every console event sent before it.
      assert.equal(await page.evaluate(() => document.readyState), 'complete', name);
      await page.close();
      assert.deepEqual(problems, [], name);
    }
  });

  it(
    'demo/index.html: a real click and Allow in the provider popup log exactly one connection-success',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await open('/demo/index.html');
      try {
        await waitForElements(page, 2, problems);
        // The demo's defaults: connection proa_demo, b.well's completion page, a provider page that waits for a click.
        assert.equal(
          await page.$eval('#scenario-auto', (select) => /** @type {HTMLSelectElement} */ (select).value),
          '',
        );
        assert.equal(await page.$eval('#emulated', (element) => element.getAttribute('connection-id')), 'proa_demo');

        const popup = await clickForPopup(page, '#emulated >>> button');
        watch(popup, problems);
        const allow = await popup.waitForSelector('button[value="success"]', { timeout: 15_000 });
        assert.equal(await allow?.evaluate((b) => b.textContent?.trim()), 'Allow');
        await allow?.click();

        const entry = await expectOneSuccess(page);
        assert.equal(entry.source, 'emulated');
        assert.equal(await page.$eval('#emulated', (element) => element.getAttribute('state')), 'succeeded');
        // The element closes its popup when the attempt settles.
        const deadline = Date.now() + 5000;
        while (!popup.isClosed() && Date.now() < deadline) await delay(100);
        assert.ok(popup.isClosed(), 'the popup stayed open');
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    },
  );
});
