#!/usr/bin/env node
// `npm test`: the Node tests (`node --test test/node/`) beside the browser suite in Chromium (web-test-runner's
// default group, with the coverage gate). `npm run test:all` (`--all`, what CI runs): the Node tests, then the
// browser suite in Chromium, Firefox ESR and WebKitGTK. Each run's reporter prints its own `N passed, N failed`
// and leaves its counts in a file; the last line printed is their sum, and the exit status says whether all
// passed. Any other argument narrows the browser suite (`npm test -- --files test/element/element.test.ts`,
// `npm run test:all -- --group webkit`): then the Node tests and the coverage gate are left out.
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import concurrently from 'concurrently';
import { RESULTS_DIR, summaryLine } from '../test/support/summary-reporter.mjs';

const args = process.argv.slice(2).filter((arg) => arg !== '--all');
const all = process.argv.includes('--all');
const narrowed = args.length > 0;
const reporters = (...names) =>
  names.flatMap((name) => [`--test-reporter=${name}`, '--test-reporter-destination=stdout']);
const runs = [
  !narrowed && {
    name: 'node',
    command: ['node --test', ...reporters('spec', './test/support/node-summary-reporter.mjs'), 'test/node/'].join(' '),
  },
  {
    name: 'browsers',
    command: ['wtr', all ? '' : '--group default', narrowed ? '' : '--coverage', ...args.map(quote)].join(' '),
    // Three engines fill two cores without Chromium's extra browsers (see web-test-runner.config.mjs).
    env: all ? { CHROMIUM_BROWSERS: process.env.CHROMIUM_BROWSERS || '1' } : {},
  },
].filter(Boolean);

rmSync(RESULTS_DIR, { recursive: true, force: true });
// `wtr` as npm scripts find it, for `node scripts/test.mjs` run by hand too.
process.env.PATH = [join(process.cwd(), 'node_modules/.bin'), process.env.PATH].join(delimiter);
// Beside each other the Node tests and one engine share two cores well; three engines already run two at a time.
const { result } = concurrently(runs, { maxProcesses: all ? 1 : 2, prefix: 'name' });
const closed = await result.catch((events) => events);

const total = { passed: 0, failed: 0 };
console.log('\nRuns:');
for (const { command, exitCode } of closed) {
  let counts;
  try {
    counts = JSON.parse(readFileSync(join(RESULTS_DIR, `${command.name}.json`), 'utf8'));
  } catch {
    counts = { passed: 0, failed: 0, skipped: 0 };
  }
  // A run that ended without counts, or failed where its tests did not (the coverage gate), is one failure.
  const uncounted = exitCode !== 0 && counts.failed === 0;
  if (uncounted) counts.failed += 1;
  total.passed += counts.passed;
  total.failed += counts.failed;
  console.log(`  ${command.name.padEnd(9)}${summaryLine(counts)}${uncounted ? ` (exited ${exitCode})` : ''}`);
}
console.log(summaryLine(total));
process.exitCode = total.failed > 0 ? 1 : 0;

/** An argument as the shell that runs the command reads it. */
function quote(arg) {
  return /^[\w./=,:@-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
