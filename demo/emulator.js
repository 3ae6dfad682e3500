// Demo only: points the framework examples at the local b.well emulator that `npm start` runs, as demo.js
// does for the main page. In an app, leave `endpoint` at b.well's default (or set your backend proxy) and
// `trusted-origins` at its default; nothing here is needed.

/**
 * The emulator's endpoint and completion origin. Scenario flags in this page's URL go to the emulator, so
 * `vue.html?auto=success` completes without a click in the popup (`auto=cancelled`, `redirect=custom`, …).
 * @returns {Promise<{ endpoint: string, trustedOrigins: string[] }>}
 */
export async function emulatorSettings() {
  const response = await fetch('/__emulator/config.json');
  if (!response.ok)
    throw new Error(`The emulator is not running here (HTTP ${response.status}); start the demo with "npm start".`);
  const config = await response.json();
  const endpoint = new URL(config.endpoint);
  for (const [name, value] of new URLSearchParams(location.search)) endpoint.searchParams.set(name, value);
  return { endpoint: endpoint.href, trustedOrigins: [config.completionOrigin] };
}

/** The demo member's b.well access token. In an app: the signed-in member's token, from your backend. */
export const DEMO_TOKEN = 'demo-token';
