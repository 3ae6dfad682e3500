// The builds of one source tree:
//   1. the npm build: ES modules in dist/ mirroring src/, with .d.ts beside them, Lit and @lit/task left as
//      imports; graphql-request comes from
//   1b. dist/vendor/graphql-request.js: graphql-request without the graphql parser (see below);
//   2. dist/bwell-connect.min.js: one classic script (IIFE) for a plain <script src>, everything inside
//      (this bundle and the ones below are made from the npm build's modules);
//   3. dist/bwell-connect.bundle.js: the same, as one ES module for <script type="module"> from a CDN;
//   4. dist/bwell-connect-callback.min.js: the callback helper alone (IIFE, global BwellConnectCallback) for
//      the popup's own page;
//   5. dist/bwell-connect-status.min.js: the element with the status capability (bwell-connect/status), one
//      classic script for a plain <script src> in place of bwell-connect.min.js (the same global, BwellConnect).
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import alias from '@rollup/plugin-alias';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import typescript from '@rollup/plugin-typescript';
import { GRAPHQL_FREE_ALIASES } from './build/graphql-free.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Every runtime dependency (lit, @lit/task, @lit/react), every peer (react, vue) and their subpaths
// (lit/directives/…) stay imports in the npm build: the app's bundler dedupes them, so a page never gets a
// second Lit or React. graphql-request is a build-time dependency: the npm build imports our parser-free
// copy of it instead (dist/vendor/), so no app ever downloads or bundles graphql's parser.
const dependencies = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
const isDependency = (id) =>
  id === 'graphql-request' || dependencies.some((name) => id === name || id.startsWith(`${name}/`));
const VENDORED_GRAPHQL_REQUEST = './vendor/graphql-request.js';

// Every module is an entry, so each dist/**/*.js keeps all the exports its .d.ts declares. vue.ts, jsx.ts and
// the two contracts.ts hold types only: each gets its .d.ts like every module, and no empty .js.
const typesOnlyModules = ['vue.ts', 'jsx.ts', 'attempt/contracts.ts', 'connection-status/contracts.ts'];
const sourceModules = readdirSync('src', { recursive: true })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !typesOnlyModules.includes(file))
  .map((file) => `src/${file}`);

// A type error fails the build (the plugin only warns by default), so nothing is published from a broken tree.
// Maps are left out: the npm build is readable ES2022 as it stands, src/ is not published for maps to
// point at, and the bundles are for <script> tags, not for debugging.
const compilerOptions = { noEmitOnError: true, sourceMap: false, declarationMap: false };

// No build ships the graphql package, yet graphql-request imports three names from it
// (parse and print in legacy/helpers/analyzeDocument.js, Kind in legacy/lib/graphql.js): about 11 kB
// min+gzip of parser and printer. This element never runs them. Its queries are fixed strings, so
// analyzeDocument never prints a DocumentNode, and its GraphQLClient sets `excludeOperationName: true`, so
// analyzeDocument returns before parsing to find an operation name (and so before Kind is read).
// `graphql` is therefore replaced by build/graphql-unused.js, which exports those names and throws a clear
// error if one is ever used, so a broken assumption fails the end-to-end tests of the bundles and of the
// packed npm build. If a graphql-request upgrade imports another name, rollup stops with "… is not exported
// by build/graphql-unused.js": decide again then.
// For the same reason graphql-request's analyzeDocument (which calls them, with a parser-based fallback) is
// replaced by build/analyze-document.js: for a string query with excludeOperationName it
// returns what the original returns (the string, no operation name, not a mutation) and throws otherwise.
// The aliases are in build/graphql-free.mjs: the test runner and the dev server serve the same.

const banner = `/*! ${pkg.name} ${pkg.version} ${pkg.license}; Lit, @lit/task BSD-3-Clause Google LLC; graphql-request MIT Jason Kuhrt */`;

function vendoredVersion(name) {
  return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
}

/** Empties dist/ once, before the first build, so no file from an older source tree is published. */
function cleanDist() {
  let cleaned = false;
  return {
    name: 'clean-dist',
    buildStart() {
      if (cleaned) return;
      cleaned = true;
      rmSync('dist', { recursive: true, force: true });
    },
  };
}

/**
 * graphql-request's own import cycles (GraphQLClient ↔ request) are harmless and not ours to change; a cycle in
 * src/ fails the build, and so does any other warning: the build prints none.
 */
function onwarn(warning) {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('/node_modules/'))) return;
  throw new Error(`rollup: ${warning.message}`);
}

/** graphql-request without graphql (the two stand-ins above) and without the client methods we never call. */
const parserFree = () => [alias({ entries: [...GRAPHQL_FREE_ALIASES] }), unusedClientMembers()];

/**
 * Class members are never tree-shaken, so GraphQLClient's batching, raw requests and setters (about 0.3 kB)
 * would ship though the element only calls its constructor and `request`. They are removed from the class in
 * our copy; if an upgrade renames one, the build stops here, to be decided again.
 */
function unusedClientMembers() {
  const unused = ['rawRequest', 'batchRequests', 'setHeaders', 'setHeader', 'setEndpoint'];
  return {
    name: 'graphql-request-unused-client-members',
    transform(code, id) {
      if (!/graphql-request[\\/]build[\\/]legacy[\\/]classes[\\/]GraphQLClient\.js$/.test(id)) return null;
      const members = this.parse(code).body.flatMap((node) =>
        node.declaration?.type === 'ClassDeclaration' ? node.declaration.body.body : [],
      );
      const removed = members.filter((member) => unused.includes(member.key?.name));
      if (removed.length !== unused.length)
        this.error(`GraphQLClient no longer has all of ${unused.join(', ')}: see unusedClientMembers()`);
      const kept = removed
        .sort((a, b) => b.start - a.start)
        .reduce((text, member) => text.slice(0, member.start) + text.slice(member.end), code);
      return { code: kept, map: null };
    },
  };
}

/**
 * The bundles: everything inlined, Lit's production build. They are made from the npm build's modules, built
 * just before (rollup runs this file's builds in order), which are already compiled, their templates minified
 * and graphql-request parser-free: TypeScript runs once per build, not once per bundle.
 */
function bundlePlugins() {
  // No 'development' export condition: Lit resolves to its production build (no dev-mode warnings or checks).
  return [resolve({ browser: true })];
}

/**
 * Lit's own plugin takes the whitespace out of our css`` and html`` literals (lightningcss, html-minifier-next),
 * in the npm build too: an app's minifier leaves template literals as they are.
 */
const minifyTemplates = () => minifyLiterals({ include: 'src/**/*.ts', failOnError: true });

const minify = (module) =>
  terser({
    ecma: 2020,
    module,
    compress: { passes: 2 },
    // Lit's many repeated @license headers, and the vendored graphql-request's, give way to the single banner
    // above, which names them all.
    format: { comments: new RegExp(`^! ${pkg.name} `) },
  });

export default [
  {
    input: sourceModules,
    external: isDependency,
    plugins: [cleanDist(), minifyTemplates(), typescript({ tsconfig: './tsconfig.json', compilerOptions })],
    onwarn,
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      // The React wrapper runs in the browser only: server renderers (Next.js) read this directive.
      banner: (chunk) => (chunk.fileName === 'react.js' ? "'use client';" : ''),
      // Every module sits in dist/ itself, so one relative path serves them all.
      paths: { 'graphql-request': VENDORED_GRAPHQL_REQUEST },
    },
  },
  {
    input: 'build/graphql-request-core.js',
    plugins: [...parserFree(), resolve()],
    onwarn,
    output: {
      file: `dist/${VENDORED_GRAPHQL_REQUEST.slice(2)}`,
      format: 'es',
      banner: `/*! graphql-request ${vendoredVersion('graphql-request')} (MIT, Jason Kuhrt), without graphql's parser: see bwell-connect's rollup.config.mjs. */`,
    },
  },
  {
    input: 'dist/element-api.js',
    plugins: bundlePlugins(),
    onwarn,
    output: [
      {
        file: 'dist/bwell-connect.min.js',
        format: 'iife',
        // The element API's exports (ConnectionStatus, BwellConnectElement, …) for classic-script pages.
        name: 'BwellConnect',
        banner,
        plugins: [minify(false)],
      },
      { file: 'dist/bwell-connect.bundle.js', format: 'es', banner, plugins: [minify(true)] },
    ],
  },
  {
    // The element with the status capability, for pages that want show-status or completion="server" from a
    // classic <script>: it replaces bwell-connect.min.js (loaded after it, it still installs on that one's class).
    input: 'dist/connection-status/index.js',
    plugins: bundlePlugins(),
    onwarn,
    output: {
      file: 'dist/bwell-connect-status.min.js',
      format: 'iife',
      name: 'BwellConnect',
      banner,
      plugins: [minify(false)],
    },
  },
  {
    // The callback page's helper alone, for a classic <script>: the popup's page never needs the element.
    input: 'dist/callback.js',
    plugins: bundlePlugins(),
    onwarn,
    output: {
      file: 'dist/bwell-connect-callback.min.js',
      format: 'iife',
      name: 'BwellConnectCallback',
      banner: `/*! ${pkg.name} ${pkg.version} ${pkg.license} */`,
      plugins: [minify(false)],
    },
  },
];
