/**
 * Test-runner commands about the browser's windows, for every launcher the all-engines config uses
 * (puppeteer for Chromium and Firefox, WebDriver for WebKitGTK).
 *
 * `close-other-windows`: closes every top-level window of the session's browser but the test page, and
 * brings the test page to the front. A popup the element could not close stays open otherwise: one cut off
 * by Cross-Origin-Opener-Policy, whose handle reads as closed while its window lives on, or one a failed
 * test left behind. Such a window takes the focus when the next test's popup closes (Firefox and WebKit
 * give it to the last window left, as a desktop does), and the page under test then never gets the focus
 * back that it waits for. Headless Chromium reports focus on every page, so it does not notice.
 *
 * Answers `true`, or `false` for a launcher it does not know.
 */
export function windowsPlugin() {
  return {
    name: 'bwell-windows',
    async executeCommand({ command, session }) {
      if (command !== 'close-other-windows') return undefined;
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
        for (const handle of await driver.getWindowHandles()) {
          if (handle === main) continue;
          try {
            await driver.switchToWindow(handle);
            await driver.closeWindow();
          } catch {
            // Closed by itself meanwhile.
          }
        }
        await driver.switchToWindow(main);
        return true;
      }
      return false;
    },
  };
}
