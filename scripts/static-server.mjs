// A tiny host-page server for the screenshot and bench scripts: fixed routes on http://localhost:<port>.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

/**
 * @typedef {{ type: string, body?: string, file?: string, hold?: boolean }} Route
 *   `body` or `file` is sent with `type`; `hold` keeps the request open until the server closes
 *   (an endpoint that never answers).
 */

/**
 * Serves `routes` (path → route) on localhost; anything else is a 404. Nothing is cached.
 * @param {Record<string, Route>} routes
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function serveStatic(routes) {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[pathname];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    if (route.hold) return;
    try {
      const body = route.file ? await readFile(route.file) : (route.body ?? '');
      res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store', ...cors }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://localhost:${port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Makes sure the built ES module bundle exists and returns its path. A missing bundle may only mean that a
 * build is running (rollup empties dist/ first): wait for it a while, then build.
 * @param {string} root the repository, with a trailing slash
 */
export async function ensureBundle(root) {
  const bundle = `${root}dist/bwell-connect.bundle.js`;
  for (let waited = 0; !existsSync(bundle) && waited < 60_000; waited += 1000) {
    if (waited === 0) console.log('dist/bwell-connect.bundle.js is missing: waiting for a running build…');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (!existsSync(bundle)) {
    console.log('no build came: running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  // A build that is still writing: let it finish.
  while (Date.now() - statSync(bundle).mtimeMs < 2000) await new Promise((resolve) => setTimeout(resolve, 500));
  return bundle;
}
