#!/usr/bin/env node
// Runs the whole suite in Chromium, Firefox ESR and WebKitGTK (web-test-runner.all.config.mjs), one engine
// after the other, and ends with ONE plain line `N passed, N failed` summing the engines (CI reads it).
// Exits non-zero when anything failed.
//
//   node scripts/test-all.mjs                  all three engines
//   node scripts/test-all.mjs webkit firefox   some of them
//   TEST_FILES=test/element.test.ts node scripts/test-all.mjs webkit
//
// WebKit needs a display and a driver: this script starts an Xvfb display (Xvfb picks a free display
// number itself, so runs of other people on the machine are not disturbed) and WebKitWebDriver on a free
// local port, waits for the driver's /status, and stops both, by their process ids, when it is done.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENGINES = ['chromium', 'firefox', 'webkit'];
/** One engine's run may not take longer than this (the whole CI job has 90 minutes). */
const ENGINE_TIMEOUT_MS = Number(process.env.ENGINE_TIMEOUT_MS ?? 20 * 60_000);
const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm;

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!ENGINES.includes(name)) {
    console.error(`unknown engine "${name}"; expected some of: ${ENGINES.join(', ')}`);
    process.exit(2);
  }
}
const engines = wanted.length > 0 ? ENGINES.filter((name) => wanted.includes(name)) : ENGINES;

/** Processes this script started (Xvfb, WebKitWebDriver, the runner), each leading its own process group. */
const started = new Set();

function start(command, args, options = {}) {
  const child = spawn(command, args, { cwd: ROOT, detached: true, ...options });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Stops a process this script started, with the processes it started (its group), by its id. */
async function stop(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function stopAll() {
  await Promise.all([...started].reverse().map((child) => stop(child)));
}

for (const name of ['SIGINT', 'SIGTERM']) {
  process.once(name, () => {
    void stopAll().then(() => process.exit(130));
  });
}

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

/** Runs one engine's group, echoing its output, and reads its `N passed, N failed` line. */
async function runEngine(engine, env) {
  const began = Date.now();
  const runner = start(
    process.execPath,
    [join(ROOT, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.all.config.mjs', '--group', engine],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let output = '';
  runner.stdout.on('data', (chunk) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  runner.stderr.on('data', (chunk) => process.stderr.write(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`\n${engine}: no end after ${ENGINE_TIMEOUT_MS / 60_000} minutes; stopping it.`);
    void stop(runner);
  }, ENGINE_TIMEOUT_MS);
  const [code, signal] = await once(runner, 'exit');
  clearTimeout(timer);
  const seconds = Math.round((Date.now() - began) / 1000);
  const last = [...output.matchAll(SUMMARY)].at(-1);
  let passed = last ? Number(last[1]) : 0;
  let failed = last ? Number(last[2]) : 0;
  const skipped = last?.[3] ? Number(last[3]) : 0;
  let note = '';
  if (!last || timedOut || (code !== 0 && failed === 0)) {
    // The runner ended without results, or failed in a way its reporter did not count: one failure.
    failed += 1;
    note = timedOut ? ' (timed out)' : ` (runner exited ${code ?? signal}${last ? '' : ', no summary'})`;
  }
  return { engine, passed, failed, skipped, seconds, note };
}

async function main() {
  const results = [];
  let xvfb;
  let driver;
  try {
    for (const engine of engines) {
      const env = { ...process.env };
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
          results.push({ engine, passed: 0, failed: 1, skipped: 0, seconds: 0, note: ' (no WebKitWebDriver)' });
          continue;
        }
      }
      console.log(`\n=== ${engine} ===`);
      results.push(await runEngine(engine, env));
    }
  } finally {
    if (driver) await stop(driver);
    if (xvfb) await stop(xvfb);
    await stopAll();
  }

  console.log('\nEngines:');
  for (const r of results) {
    const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
    console.log(`  ${r.engine.padEnd(8)} ${r.passed} passed, ${r.failed} failed${skipped} in ${r.seconds} s${r.note}`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  // The last line, read by CI.
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
