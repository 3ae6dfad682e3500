// Small helpers shared by the emulator's three Node http servers.
import { createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

export const FAVICON_PATH = '/favicon.ico';

/**
 * What every emulator origin, and the dev server's through plugin.mjs, answers at /favicon.ico: browsers ask for
 * it by themselves, and a 404 would be logged on every page.
 */
export const FAVICON = Object.freeze({
  type: 'image/svg+xml',
  body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2457a6"/></svg>',
});

/**
 * Starts a plain http server on 127.0.0.1; it answers /favicon.ico itself and hands every other request over.
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => unknown} handle
 * @param {number} port 0 picks a free port
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function listen(handle, port) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === FAVICON_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'content-type': FAVICON.type, 'cache-control': 'max-age=3600' });
        res.end(req.method === 'GET' ? FAVICON.body : undefined);
        return;
      }
      await handle(req, res, url);
    } catch (error) {
      if (!res.headersSent) sendText(res, 500, `emulator error: ${error instanceof Error ? error.message : error}`);
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close() {
      // Browsers keep connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 * @param {Record<string, string>} [headers]
 */
export function sendHtml(res, status, html, headers = {}) {
  send(res, status, html, { 'content-type': 'text/html; charset=utf-8', ...headers });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {Record<string, string>} [headers]
 */
export function sendText(res, status, text, headers = {}) {
  send(res, status, text, { 'content-type': 'text/plain; charset=utf-8', ...headers });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string>} headers
 */
function send(res, status, body, headers) {
  if (res.destroyed) return;
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/**
 * Reads a request body as text, refusing anything unreasonably large.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<string>}
 */
export async function readBody(req, limit = 1_000_000) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw new Error('request body too large');
  }
  return body;
}

/**
 * Waits, but gives up quietly when the emulator closes so pending timers never hold the process open.
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<boolean>} false when aborted
 */
export async function sleep(ms, signal) {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A page skeleton shared by the provider and completion pages.
 * @param {{ title: string, body: string, script?: string, accent?: string }} page
 */
export function htmlPage({ title, body, script = '', accent = '#2457a6' }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2433; background: #f5f7fb; }
  header { background: ${accent}; color: #fff; padding: 0.75rem 1.25rem; font-weight: 600; }
  main { padding: 1.25rem; max-width: 32rem; }
  form { display: grid; gap: 0.5rem; }
  button { font: inherit; padding: 0.5rem 0.75rem; border-radius: 6px; border: 1px solid #8a94a6; background: #fff; cursor: pointer; text-align: left; }
  button[value="success"] { background: ${accent}; color: #fff; border-color: ${accent}; }
  .note { color: #4a5468; font-size: 0.875rem; }
</style>
</head>
<body>
${body}
${script ? `<script>\n${script}\n</script>` : ''}
</body>
</html>
`;
}
