// A local stand-in for b.well: API, provider and completion page, each on its own 127.0.0.1 port so that
// the host page (on localhost) sees real cross-origin behaviour.
import { GRAPHQL_PATH, startApi } from './api.mjs';
import { startCompletion } from './completion.mjs';
import { startProvider } from './provider.mjs';
import { createState } from './state.mjs';
import { setMaxListeners } from 'node:events';

/**
 * @typedef {{
 *   apiOrigin: string,
 *   endpoint: string,
 *   providerOrigin: string,
 *   completionOrigin: string,
 *   close(): Promise<void>,
 * }} Emulator
 */

/**
 * @param {{ hostOrigin?: string, apiPort?: number, providerPort?: number, completionPort?: number }} [options]
 *   hostOrigin: where `/demo/callback.html` is served, for `?redirect=custom`. Ports: 0 picks a free one.
 * @returns {Promise<Emulator>}
 */
export async function startEmulator({ hostOrigin, apiPort = 0, providerPort = 0, completionPort = 0 } = {}) {
  const state = createState();
  // Aborted on close so delayed answers stop waiting.
  const lifetime = new AbortController();
  // Every delayed answer listens on it; dozens at once are expected, not a leak.
  setMaxListeners(0, lifetime.signal);
  /** @type {{ close(): Promise<void> }[]} */
  const servers = [];
  const close = async () => {
    lifetime.abort();
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const completion = await startCompletion({ port: completionPort });
    servers.push(completion);
    const provider = await startProvider({ port: providerPort, state });
    servers.push(provider);
    const api = await startApi({
      port: apiPort,
      state,
      hostOrigin,
      providerOrigin: provider.origin,
      completionOrigin: completion.origin,
      signal: lifetime.signal,
    });
    servers.push(api);
    return {
      apiOrigin: api.origin,
      endpoint: `${api.origin}${GRAPHQL_PATH}`,
      providerOrigin: provider.origin,
      completionOrigin: completion.origin,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
