// Stands in for graphql-request's legacy/helpers/analyzeDocument.js in every build (see rollup.config.mjs).
// The element sends fixed string queries with `excludeOperationName: true`, for which the original returns
// the string unchanged, no operation name and isMutation false without parsing or printing anything; this
// module does exactly that, and refuses anything else loudly.
export function analyzeDocument(document, excludeOperationName) {
  if (typeof document === 'string' && excludeOperationName) {
    return { expression: document, isMutation: false, operationName: undefined };
  }
  const error = new Error(
    'bwell-connect: its graphql-request only sends string queries with excludeOperationName (graphql is left ' +
      'out of every build); this is a bug in bwell-connect, please report it.',
  );
  globalThis.reportError?.(error);
  throw error;
}
