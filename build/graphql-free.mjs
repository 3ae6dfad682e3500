// graphql-request without the graphql package: `graphql` is build/graphql-unused.js and graphql-request's
// analyzeDocument is build/analyze-document.js (rollup.config.mjs says why that is safe). Every build ships
// it so, and the test runner and the dev server serve it so (build/serve-packages.mjs): the tests and the demo
// run the graphql-request users get, and a page loads 13 of its modules instead of 142.
import { fileURLToPath } from 'node:url';

/** The aliases, for @rollup/plugin-alias. */
export const GRAPHQL_FREE_ALIASES = Object.freeze([
  { find: /^graphql$/, replacement: fileURLToPath(new URL('./graphql-unused.js', import.meta.url)) },
  {
    find: /^\.\.\/helpers\/analyzeDocument\.js$/,
    replacement: fileURLToPath(new URL('./analyze-document.js', import.meta.url)),
  },
]);
