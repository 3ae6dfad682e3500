// Runs on the server per request. What it returns is serialized into the page for hydration, so it carries
// only settings that are not secret; the access token is fetched by the browser (see Connect.svelte).
import { env } from '$env/dynamic/private';

export function load() {
  return { endpoint: env.BWELL_ENDPOINT, trustedOrigins: env.BWELL_TRUSTED_ORIGINS };
}
