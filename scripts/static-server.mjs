// A tiny host-page server for the screenshot and bench scripts: fixed routes on http://localhost:<port>.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import waitOn from 'wait-on';

/**
 * Serves `routes` (path → route) on localhost, uncached; anything else is a 404.
 * @param {Record<string, { type: string, body?: string, file?: string, hold?: boolean }>} routes `body` or
 *   `file` is sent as `type`; `hold` keeps the request open until the server closes (an endpoint that never answers).
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function serveStatic(routes) {
  const server = createServer(async (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (route.hold) return;
    try {
      const body = route.file ? await readFile(route.file) : (route.body ?? '');
      res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store', ...cors }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await once(server.listen(0, 'localhost'), 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://localhost:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Makes sure dist/bwell-connect.bundle.js exists and returns its path. A missing bundle may only mean that a build
 * is running (rollup empties dist/ first): wait a minute for it, then build.
 * @param {string} root the repository, with a trailing slash
 */
export async function ensureBundle(root) {
  const bundle = `${root}dist/bwell-connect.bundle.js`;
  if (!existsSync(bundle)) {
    console.log('dist/bwell-connect.bundle.js is missing: waiting for a running build…');
    try {
      await waitOn({ resources: [bundle], timeout: 60_000 });
    } catch {
      console.log('no build came: running npm run build');
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    }
  }
  // A build that is still writing: let it finish.
  while (Date.now() - statSync(bundle).mtimeMs < 2000) await delay(500);
  return bundle;
}
