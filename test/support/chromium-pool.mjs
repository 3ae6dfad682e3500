// Chromium as a pool of separate browsers that web-test-runner sees as one launcher: each browser runs one test
// file at a time, so the pool runs as many files at once as it has browsers, and no two files share a browser
// (its windows, the page brought to the front, the popup blocker's memory of a click). Two files in one browser
// did not hold: a file's popups and the focus moves of its windows reached the other file's page.
import { chromeLauncher } from '@web/test-runner-chrome';

/**
 * A launcher of `size` Chromium browsers, each started with `options` (those of `chromeLauncher`) when its first
 * file runs. Coverage, commands and reports work as for one `chromeLauncher`: each call goes to the browser that
 * runs the session.
 * @param {number} size
 * @param {Parameters<typeof chromeLauncher>[0]} options
 * @returns {import('@web/test-runner-core').BrowserLauncher}
 */
export function chromiumPool(size, options) {
  const browsers = Array.from({ length: size }, () => chromeLauncher(options));
  /** @type {Map<string, (typeof browsers)[number]>} the browser that runs each session */
  const runs = new Map();
  const of = (sessionId) => {
    const browser = runs.get(sessionId);
    if (!browser) throw new Error(`No browser of the pool runs session ${sessionId}`);
    return browser;
  };
  const busy = (browser) => [...runs.values()].filter((running) => running === browser).length;

  return {
    name: browsers[0].name,
    type: browsers[0].type,
    concurrency: size,
    async initialize(config, testFiles) {
      await Promise.all(browsers.map((browser) => browser.initialize(config, testFiles)));
    },
    async stop() {
      await Promise.all(browsers.map((browser) => browser.stop()));
    },
    async startSession(sessionId, url) {
      const idle = browsers.reduce((least, browser) => (busy(browser) < busy(least) ? browser : least));
      runs.set(sessionId, idle);
      try {
        await idle.startSession(sessionId, url);
      } catch (error) {
        // A session that never started is never stopped: its browser is free again.
        if (!idle.isActive(sessionId)) runs.delete(sessionId);
        throw error;
      }
    },
    async stopSession(sessionId) {
      try {
        return await of(sessionId).stopSession(sessionId);
      } finally {
        runs.delete(sessionId);
      }
    },
    isActive: (sessionId) => runs.get(sessionId)?.isActive(sessionId) ?? false,
    getBrowserUrl: (sessionId) => of(sessionId).getBrowserUrl(sessionId),
    // A debug session (`wtr --debug`) runs in the first browser's own debug window.
    getPage: (sessionId) => (runs.get(sessionId) ?? browsers[0]).getPage(sessionId),
    startDebugSession: (sessionId, url) => browsers[0].startDebugSession(sessionId, url),
  };
}
