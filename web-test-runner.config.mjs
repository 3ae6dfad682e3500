// The browser suite, for web-test-runner. The root config runs it in Chromium (the "default" group, which
// `npm test` runs, with the coverage gate); the groups `firefox` and `webkit` run the same files in Firefox ESR
// and WebKitGTK (`npm run test:all` runs all three; `--group webkit` one). Each engine has its popup blocker on.
import * as puppeteer from 'puppeteer-core';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { servePackages } from './build/serve-packages.mjs';
import { emulatorPlugin } from './emulator/plugin.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.mjs';
import { chromiumPool } from './test/support/chromium-pool.mjs';
import { FIREFOX_ARGS, enginesPlugin, firefoxCreatePage } from './test/support/engines-plugin.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';
import { webkitLauncher } from './test/support/webkit-launcher.mjs';

/**
 * How many Chromium browsers run test files side by side: `CHROMIUM_BROWSERS`, 4 by default. On two cores a
 * file's popups wait on real timers and other processes as much as they compute: with four browsers `npm test`
 * took a median 140 s, with three 148 s and with two 182 s (docs/measurements.md). With Firefox and WebKit
 * beside it (`npm run test:all` sets 1) the cores are busy already.
 */
const CHROMIUM_BROWSERS = browserCount(process.env.CHROMIUM_BROWSERS);

/**
 * The machine's Chromium or Chrome (CHROME_PATH, see scripts/lib/chromium.mjs) with its popup blocker left on,
 * so tests meet popups as users do: CHROMIUM_BROWSERS browsers, each running one test file at a time.
 */
export const chromium = chromiumPool(CHROMIUM_BROWSERS, {
  launchOptions: {
    // Looked up when Chromium starts, not when the config loads: a Firefox or WebKit run needs no Chromium.
    get executablePath() {
      return chromiumPath();
    },
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    args: [...CHROMIUM_ARGS],
    // No test reads requests or issues through puppeteer; left on, every module request of every page and popup
    // crosses the DevTools protocol to the runner (about a fifth of its CPU time).
    networkEnabled: false,
    issuesEnabled: false,
  },
});

/** @param {string | undefined} value */
function browserCount(value) {
  if (!value) return 4;
  if (/^[1-8]$/.test(value)) return Number(value);
  throw new Error(`CHROMIUM_BROWSERS must be a whole number from 1 to 8, not "${value}"`);
}

/**
 * Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. Puppeteer's Firefox profile turns
 * the popup blocker off (`dom.disable_open_during_load: false` in @puppeteer/browsers' default prefs);
 * `extraPrefsFirefox` is applied over those defaults, so it is set back to Firefox's own default here.
 * Its pages emulate media features through Firefox's preferences (see firefoxCreatePage).
 */
const firefox = chromeLauncher({
  puppeteer,
  launchOptions: {
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    args: FIREFOX_ARGS,
    extraPrefsFirefox: { 'dom.disable_open_during_load': true },
  },
  createPage: firefoxCreatePage,
});

/**
 * Serves test/fixtures/csp.html under a strict CSP with Trusted Types; `?tt=` names the policies the page
 * allows (test/bundles/csp.test.ts).
 */
async function strictCsp(context, next) {
  await next();
  if (context.path !== '/test/fixtures/csp.html') return;
  const policies = String(context.query.tt ?? 'lit-html').replace(/[^\w -]/g, '');
  context.set(
    'Content-Security-Policy',
    `script-src 'self'; require-trusted-types-for 'script'; trusted-types ${policies}`,
  );
}

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  middleware: [strictCsp],
  // enginesPlugin: close-other-windows, which test/support/windows.ts calls after every test, and WebKit's
  // answer to emulate-media.
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), emulatorPlugin(), ...servePackages(), enginesPlugin()],
  browsers: [chromium],
  // The same files in every engine: none is excluded. A test that cannot run in an engine says so itself, with
  // the reason (see test/support/engines-plugin.mjs for what each launcher lacks).
  groups: [
    { name: 'firefox', browsers: [firefox] },
    { name: 'webkit', browsers: [webkitLauncher()] },
  ],
  // Popup round trips are real: one test file at a time per browser (Chromium can have several, see
  // CHROMIUM_BROWSERS), and two engines at a time (Chromium and Firefox, then WebKit as soon as one is done),
  // keep two cores from starving them.
  concurrency: 1,
  concurrentBrowsers: 2,
  // Firefox and WebKit start more slowly than Chromium, and more so on two busy cores.
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  // With --coverage (`npm test`, `npm run test:all`): V8's coverage, which only Chromium measures. Pages other
  // than the test's own (popups, the callback helper's page) are not counted.
  coverageConfig: {
    include: ['src/**/*.ts'],
    threshold: { statements: 95, lines: 95, functions: 95, branches: 90 },
  },
  // Under `npm test` the runner's output is a pipe (its lines are prefixed): the progress bar, redrawn in a
  // terminal, would print there again and again.
  staticLogging: !process.stdout.isTTY,
  reporters: [defaultReporter(), summaryReporter()],
};
