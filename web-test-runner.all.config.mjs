// The whole suite in three engines: Chromium, Firefox ESR and WebKitGTK, each with its popup blocker on.
//
// Built on the default config (plugins, files, timeouts, reporters come from there); only the browsers
// differ. One group per engine, so `--group firefox` runs one engine. `npm run test:all`
// (scripts/test-all.mjs) runs each group in a web-test-runner of its own, two runs at a time (the Node tests
// are one of them), and starts what WebKit needs first: an Xvfb display and WebKitWebDriver, whose port it
// passes in WEBKIT_WEBDRIVER_PORT. Every port is a free one, so runs at the same time do not meet.
import * as puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import base, { chromium } from './web-test-runner.config.mjs';
import { FIREFOX_ARGS, enginesPlugin, firefoxCreatePage } from './test/support/engines-plugin.mjs';

/**
 * Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. Puppeteer's Firefox profile turns
 * the popup blocker off (`dom.disable_open_during_load: false` in @puppeteer/browsers' default prefs);
 * `extraPrefsFirefox` is applied over those defaults, so it is set back to Firefox's own default here.
 * Its pages emulate media features through Firefox's preferences (see firefoxCreatePage).
 */
export const firefox = chromeLauncher({
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
 * WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver classic). Not passed:
 * `--javascript-can-open-windows-automatically=true`: WebKit's popup rule (only a user gesture may open a
 * window) stays as users meet it, and the tests click with real mouse input.
 */
export const webkit = webdriverLauncher({
  automationProtocol: 'webdriver',
  hostname: '127.0.0.1',
  port: Number(process.env.WEBKIT_WEBDRIVER_PORT ?? 4444),
  path: '/',
  logLevel: 'error',
  capabilities: {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': {
      binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      args: ['--automation'],
    },
  },
});

// TEST_FILES="test/a.test.ts,test/b.test.ts" narrows a run (for debugging one file in one engine).
const files = process.env.TEST_FILES ? process.env.TEST_FILES.split(',') : base.files;

export default {
  ...base,
  // No default group: each engine is a group of its own.
  files: undefined,
  // close-other-windows, which test/support/windows.ts calls after every test, and WebKit's answer to
  // emulate-media.
  plugins: [...base.plugins, enginesPlugin()],
  browsers: [chromium, firefox, webkit],
  // Firefox and WebKit start more slowly than Chromium, and more so on two busy cores.
  browserStartTimeout: 120_000,
  // The same files in every engine: none is excluded. A test that cannot run in an engine here says so
  // itself, with the reason (see test/support/engines-plugin.mjs for what each launcher lacks).
  groups: [
    { name: 'chromium', browsers: [chromium], files },
    { name: 'firefox', browsers: [firefox], files },
    { name: 'webkit', browsers: [webkit], files },
  ],
};
