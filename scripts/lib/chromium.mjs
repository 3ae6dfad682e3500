// The one way the bench, the soak and the screenshots start Chromium. npm tools cannot download browsers on
// these machines, so it is Debian's build (`apt-get install chromium`), driven by puppeteer-core.
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * `--no-sandbox` because these machines run as root; the rest keep background traffic, updates and first-run
 * UI from competing with what is measured.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/**
 * @param {{ headless?: boolean, popupBlocker?: boolean, args?: readonly string[] }} [options]
 *   `headless: false` opens a real window (run under `xvfb-run -a`): only there does focus move between the
 *   opener and its popup. `popupBlocker` is on unless turned off, as users have it; Puppeteer's own default
 *   turns it off.
 * @returns {Promise<import('puppeteer-core').Browser>}
 */
export function launchChromium({ headless = true, popupBlocker = true, args = [] } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium, or point CHROMIUM at a Chromium binary`);
  }
  if (!headless && !process.env.DISPLAY) {
    throw new Error('headed Chromium needs a display: run under `xvfb-run -a`');
  }
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    ignoreDefaultArgs: popupBlocker ? ['--disable-popup-blocking'] : [],
    args: [...CHROMIUM_ARGS, ...args],
  });
}
