#!/usr/bin/env node
// `npm test`: the Node-side tests (every test/node/*.test.mjs, with Node's own test runner: the demo under the
// real dev server of `npm start`, the emulator, …) and, at the same time, the browser suite (web-test-runner in
// Chromium, with the coverage gate of web-test-runner.config.mjs when the whole suite runs), and ONE plain last
// line `N passed, N failed` summing both (CI reads it). Exits non-zero when anything failed.
//
//   npm test                                                 everything
//   npm test -- --files test/element.test.ts                 one browser file (arguments go to web-test-runner)
//   npm test -- --files test/node/demo-dev-server.test.mjs   one Node file (files under test/node/ run in Node)
//
// With --files, only the named kinds run: browser files alone skip the Node tests, Node files alone skip
// web-test-runner. scripts/test-all.mjs imports runNodeTests() and runWtr() from here.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WTR_BIN = join(ROOT, 'node_modules/@web/test-runner/dist/bin.js');
/** The summary line of test/support/summary-reporter.mjs (and of this script). */
const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm;
/** What web-test-runner prints when the tests passed but coverage (--coverage) fell under a threshold. */
const COVERAGE_FAILED = /failed to meet coverage threshold/;
/** One run (the Node tests, or one engine's web-test-runner run) may not take longer than this (a CI job has 90 minutes). */
const RUN_TIMEOUT_MS = Number(process.env.ENGINE_TIMEOUT_MS ?? 20 * 60_000);

/** Processes started here, each leading its own process group. */
const started = new Set();

/** Starts a process in a process group of its own (so it can be stopped with everything it started). */
export function start(command, args, options = {}) {
  const child = spawn(command, args, { cwd: ROOT, detached: true, ...options });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Stops a process started by start(), with its process group, by its id. */
export async function stop(child, graceMs = 5000) {
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

export async function stopAll() {
  await Promise.all([...started].reverse().map((child) => stop(child)));
}

/** Ctrl-C and SIGTERM stop what was started (their process groups are not the terminal's). */
export function stopAllOnSignals() {
  for (const name of ['SIGINT', 'SIGTERM']) {
    process.once(name, () => {
      void stopAll().then(() => process.exit(130));
    });
  }
}

/** Stops a child after timeoutMs; resolves with `{ code, signal, timedOut }` when it exits. */
async function waitFor(child, label, timeoutMs) {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`\n${label}: no end after ${Math.round(timeoutMs / 60_000)} minutes; stopping it.`);
    void stop(child);
  }, timeoutMs);
  const closed = once(child, 'close').catch(() => {});
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  // 'exit' can come before the last output is read: wait for the pipes to close (briefly: a process the child
  // started may still hold them).
  let wait;
  await Promise.race([closed, new Promise((resolve) => (wait = setTimeout(resolve, 2000)))]);
  clearTimeout(wait);
  return { code, signal, timedOut };
}

/** A run that ended without counts, or failed in a way it did not count, is one failure. */
function settle(result, counted, { code, signal, timedOut, why }) {
  let note = '';
  if (!counted || timedOut || (code !== 0 && result.failed === 0)) {
    result.failed += 1;
    note = timedOut
      ? ' (timed out)'
      : ` (exited ${code ?? signal}${counted ? '' : ', no summary'}${why ? `: ${why}` : ''})`;
  }
  return { ...result, note };
}

/** Cursor moves and line erasures (web-test-runner's progress redraw): meaningless once lines are interleaved. */
// eslint-disable-next-line no-control-regex -- ESC is what these sequences start with.
const CURSOR_CONTROL = /\x1b\[[0-9;]*[A-HJKSTf]|\r/g;

/**
 * Where a run's output goes: straight through (one run at a time), or, when `label` is given, line by line with
 * `[label] ` in front and the progress redraw removed, so that runs going on at the same time stay readable.
 * @param {string} [label]
 */
function outputFor(label) {
  if (!label)
    return { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), end() {} };
  const tag = `[${label}] `;
  const pending = { stdout: '', stderr: '' };
  const writer = (name) => (text) => {
    const lines = (pending[name] + text.replace(CURSOR_CONTROL, '')).split('\n');
    pending[name] = lines.pop();
    if (lines.length > 0) process[name].write(lines.map((line) => `${tag}${line}\n`).join(''));
  };
  return {
    stdout: writer('stdout'),
    stderr: writer('stderr'),
    end() {
      for (const name of ['stdout', 'stderr']) if (pending[name]) process[name].write(`${tag}${pending[name]}\n`);
      pending.stdout = pending.stderr = '';
    },
  };
}

/**
 * Passes a child's piped output on through {@link outputFor} (and its stdout text to `onStdout` too); returns the
 * function that flushes what is left once the child has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} [label]
 * @param {(text: string) => void} [onStdout]
 */
function echo(child, label, onStdout) {
  const output = outputFor(label);
  for (const name of ['stdout', 'stderr']) {
    child[name].setEncoding('utf8');
    child[name].on('data', (text) => {
      if (name === 'stdout') onStdout?.(text);
      output[name](text);
    });
  }
  return output.end;
}

/** Whether a test file is one for Node (under test/node/) rather than for the browsers. */
export const isNodeTest = (file) => /(^|\/)test\/node\//.test(file.replaceAll('\\', '/'));

/** Every test/node/*.test.mjs, in name order. */
export function nodeTestFiles() {
  const dir = join(ROOT, 'test/node');
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    /* no Node tests */
  }
  return names
    .filter((name) => name.endsWith('.test.mjs'))
    .sort()
    .map((name) => `test/node/${name}`);
}

/**
 * Runs Node test files with `node --test`, its spec report on stdout, and counts them from the TAP report's
 * summary (a failure, a cancelled test — one whose hook failed — and a file that crashed all count failed).
 * @param {string[]} [files] defaults to every test/node/*.test.mjs
 * @param {{ label?: string }} [options] label: prefix each output line with `[label] ` (see outputFor)
 */
export async function runNodeTests(files = nodeTestFiles(), { label } = {}) {
  const began = Date.now();
  if (files.length === 0) return { name: 'node', passed: 0, failed: 0, skipped: 0, seconds: 0, note: ' (no files)' };
  const dir = mkdtempSync(join(tmpdir(), 'bwell-node-tests-'));
  const tap = join(dir, 'report.tap');
  try {
    const child = start(
      process.execPath,
      [
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      { stdio: ['ignore', label ? 'pipe' : 'inherit', label ? 'pipe' : 'inherit'] },
    );
    const end = label ? echo(child, label) : () => undefined;
    const exit = await waitFor(child, 'node tests', RUN_TIMEOUT_MS);
    end();
    let report = '';
    try {
      report = readFileSync(tap, 'utf8');
    } catch {
      /* no report: counted below as one failure */
    }
    const count = (name) => {
      const last = [...report.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].at(-1);
      return last ? Number(last[1]) : undefined;
    };
    const [pass, fail, cancelled, skipped, todo] = ['pass', 'fail', 'cancelled', 'skipped', 'todo'].map(count);
    const counted = pass !== undefined && fail !== undefined;
    const result = {
      name: 'node',
      passed: pass ?? 0,
      failed: (fail ?? 0) + (cancelled ?? 0),
      skipped: (skipped ?? 0) + (todo ?? 0),
      seconds: Math.round((Date.now() - began) / 1000),
    };
    return settle(result, counted, exit);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs web-test-runner, echoing its output, and reads its `N passed, N failed` line.
 * @param {{ name: string, args: string[], env?: NodeJS.ProcessEnv, label?: string }} options
 *   label: prefix each output line with `[label] ` (see outputFor)
 */
export async function runWtr({ name, args, env = process.env, label }) {
  const began = Date.now();
  const runner = start(process.execPath, [WTR_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const end = echo(runner, label, (text) => (output += text));
  const exit = await waitFor(runner, name, RUN_TIMEOUT_MS);
  end();
  const last = [...output.matchAll(SUMMARY)].at(-1);
  if (exit.code !== 0 && COVERAGE_FAILED.test(output)) exit.why = 'coverage under its threshold';
  const result = {
    name,
    passed: last ? Number(last[1]) : 0,
    failed: last ? Number(last[2]) : 0,
    skipped: last?.[3] ? Number(last[3]) : 0,
    seconds: Math.round((Date.now() - began) / 1000),
  };
  return settle(result, Boolean(last), exit);
}

/** One run's counts, duration and note, as the summaries print them. */
export function describeRun({ passed, failed, skipped, seconds, note }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} in ${seconds} s${note}`;
}

/** Prints each run's counts, then the total as the last line (the one CI reads); returns the failures. */
export function report(results, heading = 'Runs') {
  console.log(`\n${heading}:`);
  for (const r of results) console.log(`  ${r.name.padEnd(8)} ${describeRun(r)}`);
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

/**
 * Splits `--files a b` / `--files=a` between Node and web-test-runner; other arguments go to web-test-runner.
 * @param {string[]} args
 */
export function splitArgs(args) {
  const wtrArgs = [];
  const nodeFiles = [];
  let filesGiven = false;
  let browserFiles = 0;
  const take = (file) => {
    filesGiven = true;
    if (isNodeTest(file)) nodeFiles.push(file);
    else {
      browserFiles += 1;
      wtrArgs.push('--files', file);
    }
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg.startsWith('--files=')) take(arg.slice('--files='.length));
    else if (arg === '--files') {
      while (i + 1 < args.length && !args[i + 1].startsWith('-')) take(args[(i += 1)]);
    } else wtrArgs.push(arg);
  }
  return {
    node: filesGiven ? (nodeFiles.length > 0 ? nodeFiles : undefined) : nodeTestFiles(),
    wtr: filesGiven && browserFiles === 0 ? undefined : wtrArgs,
  };
}

async function main() {
  stopAllOnSignals();
  const { node, wtr } = splitArgs(process.argv.slice(2));
  // Both kinds at once: they share nothing but the cores, and the Node tests wait on servers and one browser
  // page more than they compute. Their lines are then marked `[node] ` and `[chromium] `.
  const label = (name) => (node && wtr ? name : undefined);
  const runs = [];
  try {
    if (node) runs.push(runNodeTests(node, { label: label('node') }));
    if (wtr) {
      // Coverage only for the whole suite: one file alone would fall under the thresholds.
      const coverage = wtr.includes('--files') ? [] : ['--coverage'];
      const args = ['--config', 'web-test-runner.config.mjs', ...coverage, ...wtr];
      runs.push(runWtr({ name: 'chromium', args, label: label('chromium') }));
    }
    process.exitCode = report(await Promise.all(runs)) > 0 ? 1 : 0;
  } finally {
    await stopAll();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
