#!/usr/bin/env node
// `npm run test:all`: the Node-side tests (test/node/*.test.mjs) once, then the whole browser suite in
// Chromium, Firefox ESR and WebKitGTK (web-test-runner.all.config.mjs), one engine after the other, and ONE
// plain last line `N passed, N failed` summing them all (CI reads it). Exits non-zero when anything failed.
//
//   node scripts/test-all.mjs                  the Node tests and all three engines
//   node scripts/test-all.mjs webkit firefox   some of them (`node` names the Node tests)
//   TEST_FILES=test/element.test.ts node scripts/test-all.mjs webkit
//   (TEST_FILES, comma-separated, narrows both: files under test/node/ run in Node, the others in browsers)
//
// WebKit needs a display and a driver: this script starts an Xvfb display (Xvfb picks a free display
// number itself, so runs of other people on the machine are not disturbed) and WebKitWebDriver on a free
// local port, waits for the driver's /status, and stops both, by their process ids, when it is done.
import { createServer } from 'node:net';
import { isNodeTest, report, runNodeTests, runWtr, start, stop, stopAll, stopAllOnSignals } from './test.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];
const RUNS = ['node', ...ENGINES];

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!RUNS.includes(name)) {
    console.error(`unknown run "${name}"; expected some of: ${RUNS.join(', ')}`);
    process.exit(2);
  }
}
const chosen = (name) => wanted.length === 0 || wanted.includes(name);
const engines = ENGINES.filter(chosen);

const testFiles = process.env.TEST_FILES?.split(',').filter(Boolean);
/** With TEST_FILES: the Node files among them, and the browser files (TEST_FILES for the engines). */
const nodeFiles = testFiles ? testFiles.filter(isNodeTest) : undefined;
const browserFiles = testFiles ? testFiles.filter((file) => !isNodeTest(file)) : undefined;
const runNode = chosen('node') && (!testFiles || nodeFiles.length > 0);
const runBrowsers = !testFiles || browserFiles.length > 0;

stopAllOnSignals();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a display number it chooses itself (-displayfd) and returns `:N`. */
async function startXvfb() {
  const xvfb = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stdio[2].on('data', (chunk) => (stderr += chunk));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display in 20 s\n${stderr}`)), 20_000);
    xvfb.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    xvfb.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code})\n${stderr}`));
    });
    xvfb.once('error', reject);
  });
  return { xvfb, display };
}

/** Starts WebKitWebDriver on a free port of 127.0.0.1 and waits until its /status says ready. */
async function startWebKitWebDriver(display) {
  const port = await freePort();
  const driver = start('WebKitWebDriver', [`--port=${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DISPLAY: display },
  });
  let stderr = '';
  driver.stderr.on('data', (chunk) => (stderr += chunk));
  let failure;
  driver.once('error', (error) => (failure = error));
  driver.once('exit', (code) => (failure ??= new Error(`WebKitWebDriver exited (${code})\n${stderr}`)));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      const body = await response.json();
      if (body?.value?.ready) return { driver, port };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`WebKitWebDriver did not become ready on port ${port} in 30 s\n${stderr}`);
}

async function main() {
  const results = [];
  let xvfb;
  let driver;
  try {
    if (runNode) {
      console.log('\n=== node (test/node) ===');
      results.push(await runNodeTests(nodeFiles));
    }
    for (const engine of runBrowsers ? engines : []) {
      const env = { ...process.env };
      if (browserFiles) env.TEST_FILES = browserFiles.join(',');
      if (engine === 'webkit') {
        try {
          const display = await startXvfb();
          xvfb = display.xvfb;
          const webDriver = await startWebKitWebDriver(display.display);
          driver = webDriver.driver;
          env.DISPLAY = display.display;
          env.WEBKIT_WEBDRIVER_PORT = String(webDriver.port);
        } catch (error) {
          console.error(`webkit: could not start Xvfb/WebKitWebDriver: ${error.message}`);
          results.push({ name: engine, passed: 0, failed: 1, skipped: 0, seconds: 0, note: ' (no WebKitWebDriver)' });
          continue;
        }
      }
      console.log(`\n=== ${engine} ===`);
      results.push(await runWtr({ name: engine, args: ['--config', 'web-test-runner.all.config.mjs', '--group', engine], env }));
    }
  } finally {
    if (driver) await stop(driver);
    if (xvfb) await stop(xvfb);
    await stopAll();
  }
  // Ends with the total, the last line, read by CI.
  process.exitCode = report(results, 'Runs') > 0 ? 1 : 0;
}

await main();
