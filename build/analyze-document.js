// Stands in for graphql-request's legacy/helpers/analyzeDocument.js in the self-contained bundles only
// (see rollup.config.mjs). The element sends fixed string queries with `excludeOperationName: true`, for
// which the original returns the string unchanged, no operation name and isMutation false without
// parsing or printing anything; this module does exactly that, and refuses anything else loudly.
export function analyzeDocument(document, excludeOperationName) {
  if (typeof document === 'string' && excludeOperationName) {
    return { expression: document, isMutation: false, operationName: undefined };
  }
  const error = new Error(
    'bwell-connect: the bundles only send string queries with excludeOperationName; use the npm build, ' +
      'which includes the whole of graphql-request and graphql, and report this as a bug.',
  );
  globalThis.reportError?.(error);
  throw error;
}
