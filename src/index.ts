// The package's main entry: the element's API, and the helper for an integrator's own redirect page.
export * from './element-api.js';
export { completeConnection } from './callback.js';
export type { CompleteConnectionOptions } from './callback.js';
