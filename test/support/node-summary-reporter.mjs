// Node's test runner reporter (`node --test --test-reporter=…`): one plain `N passed, N failed` line at the
// end, and the counts left for scripts/test.mjs's sum. Suites are not counted, their tests are; a test
// cancelled because its suite's hook failed counts failed, and so does a file that could not run at all.
import { recordCounts, summaryLine } from './summary-reporter.mjs';

export default async function* nodeSummaryReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const { type, data } of source) {
    const suite = data?.details?.type === 'suite';
    if (type === 'test:pass' && !suite) {
      if (data.skip || data.todo) counts.skipped += 1;
      else counts.passed += 1;
    } else if (type === 'test:fail' && (!suite || data.details.error?.failureType !== 'subtestsFailed')) {
      counts.failed += 1;
    }
  }
  recordCounts('node', counts);
  yield `${summaryLine(counts)}\n`;
}
