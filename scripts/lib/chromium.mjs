// The one way this project finds and starts Chromium (or Chrome): the machine's own browser, since npm tools do
// not download browsers here. The bench, soak and screenshots launch it with puppeteer-core; the web-test-runner
// config and the Node tests take the path and the arguments from here.
import { accessSync, constants, statSync } from 'node:fs';
import { Launcher } from 'chrome-launcher';
import puppeteer from 'puppeteer-core';

const HOW_TO_SET = 'Set CHROME_PATH to a Chrome or Chromium executable (e.g. CHROME_PATH=/usr/bin/chromium npm test)';

/** `--no-sandbox`: these machines run as root; the rest keep background work from competing with what is measured. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/**
 * The browser to run: `CHROME_PATH`, else `CHROMIUM` (this project's older name), else the first installation
 * chrome-launcher finds (the finder @web/test-runner-chrome uses). A variable naming no executable file is an
 * error, not a reason to look elsewhere: the run would otherwise test another browser than the one asked for.
 * @param {{ env?: Record<string, string | undefined>, installations?: () => string[] }} [options]
 * @returns {string}
 */
export function findChromium({ env = process.env, installations = installedChromes } = {}) {
  for (const name of ['CHROME_PATH', 'CHROMIUM']) {
    const path = env[name];
    if (!path) continue;
    if (isExecutableFile(path)) return path;
    throw new Error(
      `${name} is ${path}, which is not an executable file. ${HOW_TO_SET}, or unset ${name} to use the one installed.`,
    );
  }
  const [found] = installations();
  if (found) return found;
  throw new Error(
    'No Chrome or Chromium found. Install one (Debian or Ubuntu: `apt-get install chromium`; or Google Chrome from ' +
      `https://www.google.com/chrome/). ${HOW_TO_SET} if it is installed somewhere it is not found.`,
  );
}

/** @type {string | undefined} */
let resolved;

/** {@link findChromium} for this process, looked up once. */
export function chromiumPath() {
  return (resolved ??= findChromium());
}

/**
 * Starts the browser with puppeteer-core. `headless: false` opens a real window (run under `xvfb-run -a`): only
 * there does focus move between the opener and its popup. The popup blocker stays on unless `popupBlocker` is
 * false, as users have it (Puppeteer's own default turns it off).
 * @param {{ headless?: boolean, popupBlocker?: boolean, args?: readonly string[] }} [options]
 * @returns {Promise<import('puppeteer-core').Browser>}
 */
export async function launchChromium({ headless = true, popupBlocker = true, args = [] } = {}) {
  const executablePath = chromiumPath();
  if (!headless && !process.env.DISPLAY) throw new Error('headed Chromium needs a display: run under `xvfb-run -a`');
  return puppeteer.launch({
    executablePath,
    headless,
    ignoreDefaultArgs: popupBlocker ? ['--disable-popup-blocking'] : [],
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/** chrome-launcher's search; on Linux it throws when it finds nothing, or when `which`/`grep` are missing. */
function installedChromes() {
  try {
    return Launcher.getInstallations();
  } catch {
    return [];
  }
}

/** @param {string} path */
function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
