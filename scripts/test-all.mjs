#!/usr/bin/env node
// `npm run test:all`: the Node-side tests (test/node/*.test.mjs) once and the whole browser suite in Chromium,
// Firefox ESR and WebKitGTK (web-test-runner.all.config.mjs), and ONE plain last line `N passed, N failed`
// summing them all (CI reads it). Exits non-zero when anything failed.
//
//   node scripts/test-all.mjs                  the Node tests and all three engines, two runs at a time
//   node scripts/test-all.mjs webkit firefox   some of them (`node` names the Node tests)
//   node scripts/test-all.mjs --jobs 1         one run after the other (TEST_JOBS=1 too)
//   TEST_FILES=test/element.test.ts node scripts/test-all.mjs webkit
//   (TEST_FILES, comma-separated, narrows both: files under test/node/ run in Node, the others in browsers)
//
// Runs at the same time each have their own browser and their own servers (every port is a free one), and
// each engine still runs one test file at a time (concurrency 1 in the config). Their lines are then marked
// `[chromium] `, `[node] `, …; each run's start and end are printed with its duration.
//
// WebKit needs a display and a driver: this script starts an Xvfb display (Xvfb picks a free display
// number itself, so runs of other people on the machine are not disturbed) and WebKitWebDriver on a free
// local port, waits for the driver's /status, and stops both, by their process ids, when WebKit is done.
import { createServer } from 'node:net';
import {
  describeRun,
  isNodeTest,
  report,
  runNodeTests,
  runWtr,
  start,
  stop,
  stopAll,
  stopAllOnSignals,
} from './test.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];
const RUNS = ['node', ...ENGINES];
/** The order runs start in: the longest first, so that the short ones fill the gaps at the end. */
const START_ORDER = ['firefox', 'chromium', 'webkit', 'node'];
/**
 * Runs at a time, unless --jobs or TEST_JOBS says otherwise. The runs wait on popups more than they compute, so
 * two overlap almost for free on two cores: 520 s in all on a quiet machine (Node 73, Chromium 290, Firefox 400,
 * WebKit 230). A third starves them: on busy cores it was barely faster than two, with new timeouts in popup
 * round trips; and a machine already busy with other work can time them out at two (use --jobs 1 there).
 */
const JOBS = 2;

const wanted = [];
let jobs = Number(process.env.TEST_JOBS || JOBS);
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === '--jobs' || arg.startsWith('--jobs='))
    jobs = Number(arg === '--jobs' ? args[(i += 1)] : arg.slice('--jobs='.length));
  else if (RUNS.includes(arg)) wanted.push(arg);
  else {
    console.error(`unknown run "${arg}"; expected some of: ${RUNS.join(', ')} (and --jobs N)`);
    process.exit(2);
  }
}
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error('--jobs (TEST_JOBS) takes a whole number of runs at a time, 1 or more');
  process.exit(2);
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

/** Runs one engine's web-test-runner group; WebKit gets its display and driver for the time of its run. */
async function runEngine(engine, label) {
  const env = { ...process.env };
  if (browserFiles) env.TEST_FILES = browserFiles.join(',');
  let xvfb;
  let driver;
  try {
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
        return { name: engine, passed: 0, failed: 1, skipped: 0, seconds: 0, note: ' (no WebKitWebDriver)' };
      }
    }
    // A port of its own: web-test-runner's default search (the first free one from 8000) can give two runs
    // starting at once the same port.
    const port = String(await freePort());
    // Coverage (web-test-runner.config.mjs) for the whole suite in Chromium, the one engine that measures it.
    const coverage = engine === 'chromium' && !browserFiles ? ['--coverage'] : [];
    const args = ['--config', 'web-test-runner.all.config.mjs', '--group', engine, '--port', port, ...coverage];
    return await runWtr({ name: engine, args, env, label });
  } finally {
    if (driver) await stop(driver);
    if (xvfb) await stop(xvfb);
  }
}

/** One run, between a start line and an end line that gives its counts and duration. */
async function run(name, label) {
  console.log(`\n=== ${name}: start${label ? ` (its lines begin with [${label}])` : ''} ===`);
  const began = Date.now();
  let result;
  try {
    result = name === 'node' ? await runNodeTests(nodeFiles, { label }) : await runEngine(name, label);
  } catch (error) {
    console.error(`${name}: ${error.stack ?? error}`);
    result = {
      name,
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds: Math.round((Date.now() - began) / 1000),
      note: ' (crashed)',
    };
  }
  console.log(`=== ${name}: ${describeRun(result)} ===`);
  return result;
}

async function main() {
  const began = Date.now();
  const runs = START_ORDER.filter((name) => (name === 'node' ? runNode : runBrowsers && engines.includes(name)));
  const lanes = Math.min(jobs, runs.length);
  const results = new Map();
  try {
    let next = 0;
    const lane = async () => {
      while (next < runs.length) {
        const name = runs[next];
        next += 1;
        results.set(name, await run(name, lanes > 1 ? name : undefined));
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await stopAll();
  }
  const seconds = Math.round((Date.now() - began) / 1000);
  const heading = `Runs (${lanes} at a time, ${seconds} s in all)`;
  // Ends with the total, the last line, read by CI.
  process.exitCode =
    report(
      RUNS.filter((name) => results.has(name)).map((name) => results.get(name)),
      heading,
    ) > 0
      ? 1
      : 0;
}

await main();
