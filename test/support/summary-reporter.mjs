// The counts of a run, for the one summed line of `npm test`: each runner's reporter prints its own plain
// `N passed, N failed` line and leaves its counts in RESULTS_DIR/<run>.json, which scripts/test.mjs adds up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Where the runs leave their counts (scripts/test.mjs empties it first, and counts a run that left none failed). */
export const RESULTS_DIR = process.env.TEST_RESULTS_DIR ?? '.tmp/test-results';

/** The plain line CI reads; also what recordCounts() prints. */
export const summaryLine = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;

/**
 * Leaves a run's counts for the sum.
 * @param {string} run the file's name: `node`, `browsers`
 * @param {{ passed: number, failed: number, skipped: number }} counts
 */
export function recordCounts(run, counts) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${run}.json`), JSON.stringify(counts));
}

/**
 * web-test-runner's reporter: prints one plain `N passed, N failed` line when the run ends (on process exit,
 * because anything printed earlier is erased by the runner's progress redraw) and records the counts. A test
 * file that fails to load, or a browser session that errors, counts as one failure.
 */
export function summaryReporter() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const count = (suite) => {
    for (const test of suite.tests) {
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else counts.failed += 1;
    }
    for (const child of suite.suites) count(child);
  };
  // Each file's time, from its page starting to its results (several files run at once): the slowest are
  // printed at the end, to say where a run's time goes.
  const files = [];
  /** @type {Map<string, number>} when each session's page began to start, by session id */
  const started = new Map();
  let runStarted = Date.now();
  return {
    start({ sessions, startTime }) {
      // The first files' pages are already starting when reporters start: their time counts from the run's.
      runStarted = startTime;
      sessions.on('session-status-updated', ({ id, status }) => {
        if (status === 'INITIALIZING') started.set(id, Date.now());
      });
    },
    reportTestFileResults({ testFile, sessionsForTestFile }) {
      const [session] = sessionsForTestFile;
      if (sessionsForTestFile.length !== 1) return;
      const seconds = (Date.now() - (started.get(session.id) ?? runStarted)) / 1000;
      files.push({ file: relative(process.cwd(), testFile), seconds });
    },
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        if (session.testResults) count(session.testResults);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      recordCounts('browsers', counts);
      const slowest = files.sort((a, b) => b.seconds - a.seconds).slice(0, 6);
      const times = slowest.map(({ file, seconds }) => `  ${seconds.toFixed(1).padStart(6)} s  ${file}`);
      process.on('exit', () => {
        if (times.length > 1) process.stdout.write(`\nThe slowest files:\n${times.join('\n')}\n`);
        process.stdout.write(`\n${summaryLine(counts)}\n`);
      });
    },
  };
}
