// `npm start`: the demo at http://localhost:8000/demo/ (the next free port if 8000 is taken), with the
// local b.well emulator on three more ports.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { servePackages } from './build/serve-packages.mjs';
import { emulatorPlugin } from './emulator/plugin.mjs';

const DEMO_PATH = '/demo/';

/** @type {import('@web/dev-server').DevServerConfig} */
export default {
  rootDir: '.',
  appIndex: 'demo/index.html',
  // Lit's production build, as an app's bundler picks it (the dev server's default, the `development` export
  // condition, serves Lit's development build, which logs "Lit is in dev mode" on every page).
  nodeResolve: { exportConditions: ['production'] },
  open: false,
  // The demo's relative URLs only resolve under /demo/.
  middleware: [
    (context, next) => {
      if (context.path === '/') {
        context.redirect(DEMO_PATH);
        return undefined;
      }
      return next();
    },
  ],
  plugins: [
    // 'auto' would leave Lit's decorators untransformed for Chromium (SyntaxError).
    esbuildPlugin({ ts: true, target: 'es2022' }),
    emulatorPlugin(),
    // React and react-dom (CommonJS only) for demo/react.html.
    ...servePackages(),
    {
      name: 'print-demo-url',
      serverStart({ config }) {
        console.log(`\n  bwell-connect demo: http://localhost:${config.port}${DEMO_PATH}\n`);
      },
    },
  ],
};
