import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { commonjsPackages } from './build/serve-commonjs.mjs';
import { emulatorPlugin } from './emulator/plugin.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';

/**
 * The machine's Chromium or Chrome (CHROME_PATH, see scripts/lib/chromium.mjs) with its popup blocker left on,
 * so tests meet popups as users do.
 */
export const chromium = chromeLauncher({
  launchOptions: {
    // Looked up when Chromium starts, not when the config loads: a Firefox or WebKit run needs no Chromium.
    get executablePath() {
      return chromiumPath();
    },
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    args: [...CHROMIUM_ARGS],
  },
});

/**
 * Serves test/fixtures/csp.html under a strict CSP with Trusted Types; `?tt=` names the policies the page
 * allows (test/csp.test.ts).
 */
async function strictCsp(context, next) {
  await next();
  if (context.path !== '/test/fixtures/csp.html') return;
  const policies = String(context.query.tt ?? 'lit-html').replace(/[^\w -]/g, '');
  context.set(
    'Content-Security-Policy',
    `script-src 'self'; require-trusted-types-for 'script'; trusted-types ${policies}`,
  );
}

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  middleware: [strictCsp],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), emulatorPlugin(), ...commonjsPackages()],
  browsers: [chromium],
  // Popup round trips are real: one test file at a time keeps two cores from starving them.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  // With --coverage (the whole suite in Chromium: `npm test`, `npm run test:all`; V8's coverage exists only
  // there). Pages other than the test's own (popups, the callback helper's page) are not counted.
  coverageConfig: {
    include: ['src/**/*.ts'],
    threshold: { statements: 95, lines: 95, functions: 95, branches: 90 },
  },
  reporters: [defaultReporter(), summaryReporter()],
};
