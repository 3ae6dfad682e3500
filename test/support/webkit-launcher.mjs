// WebKitGTK for web-test-runner: the one place that starts what it needs, a display and WebKitWebDriver.
//
// The MiniBrowser needs an X display even when nothing is watching: without DISPLAY an Xvfb of its own is
// started, on a display number Xvfb picks itself (-displayfd), so other runs on the machine are not disturbed.
// WebKitWebDriver listens on a free local port. Both start when web-test-runner initialises the launcher (only
// when a WebKit group runs) and stop with it; they stay in this process group, so Ctrl-C stops them too.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import getPort from 'get-port';
import waitOn from 'wait-on';
import { WebdriverLauncher } from '@web/test-runner-webdriver';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const START_TIMEOUT_MS = 30_000;

/** Rejects when a process we need could not start or exited, with a message that names it. */
function ended(child, name) {
  const failure = Promise.race([once(child, 'exit'), once(child, 'error')]).then(([result]) => {
    throw new Error(
      result instanceof Error ? `${name} could not start: ${result.message}` : `${name} exited (${result})`,
    );
  });
  // Once the process is up, its exit is the one stop() causes: no failure to report then.
  failure.catch(() => {});
  return failure;
}

/** Starts Xvfb and resolves with its display, `:N`, once it has said which one it took. */
async function startXvfb(processes) {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  });
  processes.push(xvfb);
  const [number] = await Promise.race([once(xvfb.stdio[3], 'data'), ended(xvfb, 'Xvfb')]);
  return `:${String(number).trim()}`;
}

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver classic). Not passed:
 * `--javascript-can-open-windows-automatically=true`: WebKit's popup rule (only a user gesture may open a
 * window) stays as users meet it, and the tests click with real mouse input.
 */
class WebKitLauncher extends WebdriverLauncher {
  /** @type {import('node:child_process').ChildProcess[]} */
  #processes = [];

  constructor() {
    super({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    });
  }

  async initialize(...args) {
    const display = process.env.DISPLAY || (await startXvfb(this.#processes));
    const port = await getPort({ host: '127.0.0.1' });
    const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DISPLAY: display },
    });
    this.#processes.push(driver);
    const ready = waitOn({ resources: [`http-get://127.0.0.1:${port}/status`], timeout: START_TIMEOUT_MS });
    await Promise.race([ready, ended(driver, 'WebKitWebDriver')]);
    this.options.port = port;
    return super.initialize(...args);
  }

  async stop() {
    try {
      await super.stop();
    } finally {
      for (const child of this.#processes.reverse()) child.kill();
    }
  }
}

/** The WebKit launcher for a web-test-runner config. */
export const webkitLauncher = () => new WebKitLauncher();
