// Runs the emulator alongside @web/dev-server or @web/test-runner, tells pages where it is, and gives the
// server's own origin the emulator's favicon.
import { FAVICON, FAVICON_PATH } from './http.mjs';
import { startEmulator } from './index.mjs';

export const CONFIG_PATH = '/__emulator/config.json';
export const CALLBACK_PATH = '/demo/callback.html';

/**
 * @typedef {{
 *   hostOrigin: string,
 *   apiOrigin: string,
 *   endpoint: string,
 *   providerOrigin: string,
 *   completionOrigin: string,
 *   callbackUrl: string,
 * }} EmulatorConfig
 */

/**
 * @param {{ hostOrigin?: string, apiPort?: number, providerPort?: number, completionPort?: number }} [options]
 *   hostOrigin defaults to `http://localhost:<the server's port>`.
 * @returns {import('@web/dev-server-core').Plugin}
 */
export function emulatorPlugin(options = {}) {
  /** @type {import('./index.mjs').Emulator | undefined} */
  let emulator;
  /** @type {EmulatorConfig | undefined} */
  let config;

  return {
    name: 'bwell-emulator',

    async serverStart({ config: serverConfig }) {
      const hostOrigin = options.hostOrigin ?? `http://localhost:${serverConfig.port}`;
      emulator = await startEmulator({ ...options, hostOrigin });
      const { apiOrigin, endpoint, providerOrigin, completionOrigin } = emulator;
      config = {
        hostOrigin,
        apiOrigin,
        endpoint,
        providerOrigin,
        completionOrigin,
        callbackUrl: `${hostOrigin}${CALLBACK_PATH}`,
      };
    },

    async serverStop() {
      await emulator?.close();
      emulator = undefined;
      config = undefined;
    },

    serve(context) {
      if (context.path === FAVICON_PATH) return { body: FAVICON.body, type: FAVICON.type };
      if (context.path !== CONFIG_PATH || !config) return undefined;
      return { body: JSON.stringify(config), type: 'application/json', headers: { 'cache-control': 'no-store' } };
    },
  };
}
