import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { commonjsPackages } from './build/serve-commonjs.mjs';
import { emulatorPlugin } from './emulator/plugin.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';

/** Debian's Chromium with its popup blocker left on, so tests meet popups as users do. */
export const chromium = chromeLauncher({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
});

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), emulatorPlugin(), ...commonjsPackages()],
  browsers: [chromium],
  // Popup round trips are real: one test file at a time keeps two cores from starving them.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  reporters: [defaultReporter(), summaryReporter()],
};
