// How the test runner and the dev server serve three packages, which they otherwise serve as they are: unbundled
// ES modules from node_modules.
//
// graphql-request is served without graphql, as every build ships it (build/graphql-free.mjs).
//
// rxjs, which Angular imports, is served bundled (one module per entry point and a shared chunk), as Vite's
// dependency pre-bundling serves it: unbundled it is 221 modules for every page with Angular, which made the
// Angular test file take 10.9 s instead of 7.3 s alone (`npx wtr --files test/frameworks/angular.test.ts`).
//
// React, react-dom and scheduler ship CommonJS only, so these plugins turn exactly those packages into ES
// modules and give ES importers the named exports a bundler would (`import { createRoot } from 'react-dom/client'`).
//
// Two things stand in the way of the commonjs plugin alone. Each entry point (react/index.js, …) only picks a
// build by process.env.NODE_ENV, `module.exports = require('./cjs/….development.js')` inside an if, so the
// plugin sees no exports in it; and react.development.js touches `module`, so the plugin offers its exports
// as one object, not by name. Hence: every entry point goes straight to its development build, and an ES
// module importing one gets a small wrapper that names each export.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import rollupAlias from '@rollup/plugin-alias';
import rollupCommonjs from '@rollup/plugin-commonjs';
import rollupReplace from '@rollup/plugin-replace';
import { fromRollup } from '@web/dev-server-rollup';
import { build } from 'esbuild';
import { GRAPHQL_FREE_ALIASES } from './graphql-free.mjs';

const alias = fromRollup(rollupAlias);
const commonjs = fromRollup(rollupCommonjs);
const replace = fromRollup(rollupReplace);

/** Entry point → its development build. */
const DEVELOPMENT_BUILDS = {
  react: 'react/cjs/react.development.js',
  'react/jsx-runtime': 'react/cjs/react-jsx-runtime.development.js',
  'react-dom': 'react-dom/cjs/react-dom.development.js',
  'react-dom/client': 'react-dom/cjs/react-dom-client.development.js',
  scheduler: 'scheduler/cjs/scheduler.development.js',
};

const COMMONJS_PACKAGES = ['react', 'react-dom', 'scheduler'].map((name) => `**/node_modules/${name}/**/*.js`);
/** Modules whose imports are the packages' own require() calls: those take the development build itself. */
const CONVERTED = /^\/__web-dev-server__\/|\/node_modules\/(react|react-dom|scheduler)\//;
const WRAPPER_PREFIX = '/__commonjs-named-exports/';

/** Entry point → the file of its bundle, served under {@link BUNDLED_PREFIX}. */
const BUNDLED = { rxjs: 'rxjs.js', 'rxjs/operators': 'rxjs-operators.js' };
const BUNDLED_PREFIX = '/__bundled-packages/';

const require = createRequire(import.meta.url);
/** The project's root, where its node_modules are. */
const PROJECT_ROOT = dirname(import.meta.dirname);

/** The absolute path of a development build. */
function developmentBuild(entry) {
  const [name, ...rest] = DEVELOPMENT_BUILDS[entry].split('/');
  return join(dirname(require.resolve(`${name}/package.json`)), ...rest);
}

/**
 * The plugins that serve graphql-request without graphql, and React's CommonJS packages as ES modules.
 * @param {{ rootDir?: string }} [options] the server's rootDir (default: the working directory)
 * @returns {import('@web/dev-server-core').Plugin[]}
 */
export function servePackages({ rootDir = process.cwd() } = {}) {
  const entries = Object.keys(DEVELOPMENT_BUILDS).map((entry) => ({
    find: new RegExp(`^${entry}$`),
    replacement: developmentBuild(entry),
  }));
  entries.push(...GRAPHQL_FREE_ALIASES);
  return [
    bundledPackages(),
    // First: the commonjs plugin resolves every import it meets and would take the wrapper's path for a file.
    namedExports(rootDir),
    alias({ entries }),
    // The development builds still test process.env.NODE_ENV, which no browser has.
    replace({
      include: COMMONJS_PACKAGES,
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': JSON.stringify('development') },
    }),
    commonjs({
      include: COMMONJS_PACKAGES,
      // Hoisted, not wrapped: a wrapped module offers ES importers nothing but the plugin's own __require.
      strictRequires: false,
      // The dev server cannot tell the plugin that a required file is CommonJS, so require() would return the
      // file's module namespace ({ default, __moduleExports }); its default is module.exports.
      requireReturnsDefault: 'preferred',
    }),
  ];
}

/**
 * Serves each entry point of {@link BUNDLED} as one module, their shared code as a chunk beside them; esbuild
 * bundles them all once, on the first request.
 * @returns {import('@web/dev-server-core').Plugin}
 */
function bundledPackages() {
  /** @type {Promise<Map<string, string>> | undefined} */
  let files;
  const bundle = async () => {
    const { outputFiles } = await build({
      entryPoints: Object.fromEntries(Object.entries(BUNDLED).map(([entry, file]) => [file.slice(0, -3), entry])),
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: '/',
      write: false,
      logLevel: 'silent',
      absWorkingDir: PROJECT_ROOT,
    });
    return new Map(outputFiles.map((file) => [file.path.slice(1), file.text]));
  };
  return {
    name: 'bundled-packages',
    resolveImport({ source }) {
      return source in BUNDLED ? `${BUNDLED_PREFIX}${BUNDLED[source]}` : undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(BUNDLED_PREFIX)) return undefined;
      const body = (await (files ??= bundle())).get(context.path.slice(BUNDLED_PREFIX.length));
      return body === undefined ? undefined : { type: 'js', body };
    },
  };
}

/**
 * Serves `/__commonjs-named-exports/react-dom/client.js` and the like: the development build's
 * module.exports as the default export and each of its properties as a named export.
 * @param {string} rootDir
 * @returns {import('@web/dev-server-core').Plugin}
 */
function namedExports(rootDir) {
  /** @type {Record<string, string>} */
  const wrappers = {};
  return {
    name: 'commonjs-named-exports',
    resolveImport({ source, context }) {
      if (!(source in DEVELOPMENT_BUILDS) || CONVERTED.test(context.path)) return undefined;
      return `${WRAPPER_PREFIX}${source}.js`;
    },
    serve(context) {
      if (!context.path.startsWith(WRAPPER_PREFIX)) return undefined;
      const entry = context.path.slice(WRAPPER_PREFIX.length, -'.js'.length);
      if (!(entry in DEVELOPMENT_BUILDS)) return undefined;
      wrappers[entry] ??= [
        `import m from '/${relative(rootDir, developmentBuild(entry)).split(sep).join('/')}';`,
        'export default m;',
        `export const { ${exportNames(entry).join(', ')} } = m;`,
      ].join('\n');
      return { type: 'js', body: wrappers[entry] };
    },
  };
}

/**
 * The names an entry point exports in Node, read in a child process: React's development build patches the
 * console when it loads, which would break the test runner's own.
 * @param {string} entry
 * @returns {string[]}
 */
function exportNames(entry) {
  const script = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(entry)}))))`;
  /** @type {string[]} */
  const names = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: PROJECT_ROOT }));
  return names.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
}
