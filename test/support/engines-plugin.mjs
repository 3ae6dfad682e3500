// What web-test-runner.config.mjs adds so that the same tests run in Chromium (puppeteer), Firefox ESR
// (puppeteer over WebDriver BiDi) and WebKitGTK (WebDriver classic).

/** The Firefox preferences behind the media features, and their values: Firefox's own settings. */
const FIREFOX_MEDIA_PREFS = {
  // "Website appearance".
  'prefers-color-scheme': { pref: 'layout.css.prefers-color-scheme.content-override', values: { dark: 0, light: 1 } },
  'prefers-reduced-motion': { pref: 'ui.prefersReducedMotion', values: { 'no-preference': 0, reduce: 1 } },
};

/**
 * Firefox's launch arguments for {@link firefoxCreatePage}: `-remote-allow-system-access` lets the
 * WebDriver BiDi client run code in the browser's own (chrome) scope, where preferences are set.
 */
export const FIREFOX_ARGS = ['-remote-allow-system-access'];

/**
 * `createPage` for the Firefox launcher: pages whose keyboard takes the key name `Space`, and whose
 * `emulateMediaFeatures` (what @web/test-runner-commands'
 * `emulateMedia` calls) works in Firefox. Puppeteer implements it only over CDP, which Firefox does not
 * speak any more ("CDP support is required for this feature"); here it sets Firefox's own preferences
 * instead, from the chrome scope over BiDi, and waits until the page's media queries answer accordingly.
 * The preferences hold for the whole browser, which runs one test file at a time (concurrency 1).
 * `emulateMediaType` (print/screen) stays unsupported and says so.
 *
 * @param {{ context: import('puppeteer-core').BrowserContext }} args
 */
export async function firefoxCreatePage({ context }) {
  const page = await context.newPage();
  page.emulateMediaFeatures = async (features = []) => {
    for (const { name, value } of features) {
      const setting = FIREFOX_MEDIA_PREFS[name];
      if (!setting || (value && setting.values[value] === undefined)) {
        throw new Error(`Firefox here cannot emulate ${value ? `(${name}: ${value})` : name}.`);
      }
      const pref = JSON.stringify(setting.pref);
      // An empty value ends the emulation: back to Firefox's default.
      await evaluateInChromeScope(
        page.browser(),
        value
          ? `Services.prefs.setIntPref(${pref}, ${setting.values[value]})`
          : `Services.prefs.clearUserPref(${pref})`,
      );
    }
    for (const { name, value } of features) {
      if (!value) continue;
      const query = `(${name}: ${value})`;
      await page.waitForFunction((q) => matchMedia(q).matches, { timeout: 5000, polling: 20 }, query);
    }
  };
  // Puppeteer's BiDi keyboard knows the key code names Comma, Period, Slash and their kind, but not Space
  // ("Unknown key: "Space""), which its CDP keyboard, and sendKeys in Chromium, accept: the key is " ".
  const keyboard = page.keyboard;
  for (const method of ['press', 'down', 'up']) {
    const original = keyboard[method].bind(keyboard);
    keyboard[method] = (key, ...rest) => original(key === 'Space' ? ' ' : key, ...rest);
  }
  return page;
}

/** Runs a statement in Firefox's chrome scope (needs {@link FIREFOX_ARGS}). */
async function evaluateInChromeScope(browser, expression) {
  const connection = browser.connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts[0]?.context;
  if (!context)
    throw new Error('Firefox showed no chrome-scope browsing context (is -remote-allow-system-access passed?).');
  const { result } = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
  if (result.type !== 'success')
    throw new Error(`Firefox refused ${expression}: ${JSON.stringify(result.exceptionDetails?.text ?? result)}`);
}

/**
 * Test-runner commands:
 *
 * `close-other-windows`: closes every top-level window of the session's browser but the test page, and
 * brings the test page to the front. A popup the element could not close stays open otherwise: one cut off
 * by Cross-Origin-Opener-Policy, whose handle reads as closed while its window lives on, or one a failed
 * test left behind. Such a window takes the focus when the next test's popup closes (Firefox and WebKit
 * give it to the last window left, as a desktop does), and the page under test then never gets the focus
 * back that it waits for. Headless Chromium reports focus on every page, so it does not notice. Answers
 * `true`, or `false` for a launcher it does not know.
 *
 * `emulate-media` in WebKitGTK: its WebDriver has no media emulation command, and MiniBrowser takes its
 * dark mode only at launch (`--dark-mode`). A request for what the page already matches (the light scheme
 * it starts in, as a reset) succeeds; any other fails with that reason, instead of the built-in command's
 * "Setting viewport is not supported for browser type webdriver". Other launchers go on to the built-in.
 */
export function enginesPlugin() {
  const plugin = {
    name: 'bwell-engines',

    serverStart({ config }) {
      // The runner puts its built-in command plugins first, and the first plugin to answer a command wins:
      // move this one ahead of them, so that its emulate-media answers for WebDriver. (The runner's API
      // plugin keeps the list it asks; should that ever change, the built-in command answers, and fails.)
      const list = config.plugins?.find((p) => p.name === 'test-runner-api')?.plugins;
      if (Array.isArray(list) && list.includes(plugin)) {
        list.splice(list.indexOf(plugin), 1);
        list.unshift(plugin);
      }
    },

    async executeCommand({ command, payload, session }) {
      const browser = session.browser;
      if (command === 'close-other-windows') return closeOtherWindows(session);
      if (command === 'emulate-media' && browser.type === 'webdriver')
        return webdriverEmulateMedia(browser.driver, payload);
      return undefined;
    },
  };
  return plugin;
}

async function closeOtherWindows(session) {
  const browser = session.browser;
  if (browser.type === 'puppeteer') {
    const page = browser.getPage(session.id);
    const pages = await page.browser().pages();
    await Promise.all(pages.filter((other) => other !== page).map((other) => other.close().catch(() => {})));
    await page.bringToFront();
    return true;
  }
  if (browser.type === 'webdriver') {
    // WebDriver classic acts on the current window, which the launcher never leaves: the test page.
    const driver = browser.driver;
    const main = await driver.getWindowHandle();
    // Switching to a window while it closes can hang WebKitWebDriver for good (the request times out and the
    // session with it). The windows left here are mostly closing already (the element closes its popup as its
    // attempt ends, and again within a second if WebKitGTK undid that), so they get that time first.
    let others = await otherWindows(driver, main);
    for (const deadline = Date.now() + WINDOWS_SETTLE_MS; others.length > 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      others = await otherWindows(driver, main);
    }
    for (const handle of others) {
      try {
        await driver.switchToWindow(handle);
        await driver.closeWindow();
      } catch {
        // Closed by itself meanwhile.
      }
    }
    // Back to the test page, which also hands it the focus again.
    await driver.switchToWindow(main);
    return true;
  }
  return false;
}

/** How long windows other than the test page get to close by themselves before WebDriver closes them. */
const WINDOWS_SETTLE_MS = 2500;

/** The handles of the windows other than `main`. */
async function otherWindows(driver, main) {
  return (await driver.getWindowHandles()).filter((handle) => handle !== main);
}

const WEBDRIVER_MEDIA = { colorScheme: 'prefers-color-scheme', reducedMotion: 'prefers-reduced-motion' };

async function webdriverEmulateMedia(driver, payload) {
  for (const [key, value] of Object.entries(payload ?? {})) {
    if (value == null) continue;
    const feature = WEBDRIVER_MEDIA[key];
    const query = feature ? `(${feature}: ${value})` : undefined;
    const matches = query ? await driver.execute((q) => matchMedia(q).matches, query) : false;
    if (!matches) {
      throw new Error(
        `WebKitGTK here cannot emulate ${query ?? `media ${JSON.stringify(value)}`}: WebKitWebDriver has no media ` +
          'emulation command, and MiniBrowser takes its dark mode only at launch (--dark-mode).',
      );
    }
  }
  return true;
}
