// Stands in for the `graphql` package in every build (see rollup.config.mjs).
// graphql-request imports these three names from `graphql`; <bwell-connect> never reaches any of them,
// because it sends a fixed string query with `excludeOperationName: true`. Should that ever change, the
// call fails loudly: it throws, and it also reports the error to the page, because graphql-request
// swallows a throwing `parse` (its `tryCatch`) and would otherwise carry on without a word.

function unused(name) {
  const error = new Error(
    `bwell-connect: graphql's ${name} was used, but bwell-connect leaves graphql out ` +
      '(a string query sent with excludeOperationName needs neither parse nor print); ' +
      'this is a bug in bwell-connect, please report it.',
  );
  globalThis.reportError?.(error);
  return error;
}

export function parse() {
  throw unused('parse');
}

export function print() {
  throw unused('print');
}

/** An enum object in graphql; here any property read throws. */
export const Kind = new Proxy(
  {},
  {
    get(_target, property) {
      throw unused(`Kind.${String(property)}`);
    },
  },
);
