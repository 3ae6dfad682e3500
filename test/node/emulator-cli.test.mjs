// `npm run emulator` as a user runs it: the CLI alone on ports of its own, a separate app on another origin
// that knows only what the CLI printed (endpoint, trusted-origins, a token), a real click in Chromium, a real
// click on the provider's "Allow" in the popup, exactly one connection-success; then Ctrl-C closes it all.
//   node --test test/node/emulator-cli.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { ensureBundle, serveStatic } from '../../scripts/static-server.mjs';
import { NO_SECOND_EVENT_MS } from '../support/waits.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('../../emulator/cli.mjs', import.meta.url));
/** The connection id of test/fixtures/emulator-app.html. */
const CONNECTION_ID = 'proa_demo';

/** Runs the CLI to completion (for --help and bad flags). @param {string[]} args */
function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Settles as `promise` does, or with what `late()` returns (or throws) once `ms` have passed first. The guard
 * timer is cleared as soon as the race is decided: a pending one would keep this test file's process alive
 * for the rest of its `ms`.
 * @template T, L
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {() => L} late
 * @returns {Promise<T | L>}
 */
function within(promise, ms, late) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  }).then(late);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Whether something accepts TCP connections on 127.0.0.1:port. @param {number} port */
function isListening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `node emulator/cli.mjs args` and reads its banner up to "Press Ctrl-C to stop.".
 * @param {string[]} args
 */
async function startCli(args) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the emulator printed no banner in 15 s:\n${stdout}\n${stderr}`)),
      15_000,
    );
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code ?? signal}) before it was ready:\n${stdout}\n${stderr}`));
    });
  });
  /** The first word after a label at the start of a line. @param {string} label */
  const field = (label) => {
    const match = new RegExp(`^\\s*${label}\\s+(\\S+)`, 'm').exec(stdout);
    assert.ok(match, `the banner names "${label}":\n${stdout}`);
    return match[1];
  };
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    endpoint: field('endpoint'),
    trustedOrigins: field('trusted-origins'),
    accessToken: field('accessToken'),
    providerPage: field('provider page'),
    completionPage: field('completion page'),
  };
}

test('--help prints the usage and exits 0 without starting anything', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: npm run emulator/);
  for (const flag of ['--api-port', '--provider-port', '--completion-port', '--host-origin'])
    assert.ok(stdout.includes(flag), flag);
});

test('a bad flag or port exits 2 with a message', async () => {
  for (const args of [
    ['--no-such-flag'],
    ['--api-port', 'eighty'],
    ['--api-port', '70000'],
    ['--host-origin', 'localhost'],
  ]) {
    const { code, stderr, stdout } = await runCli(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, /^emulator: /, args.join(' '));
    assert.equal(stdout, '', args.join(' '));
  }
});

/** @type {Awaited<ReturnType<typeof startCli>> | undefined} */
let emulator;
/** @type {Awaited<ReturnType<typeof serveStatic>> | undefined} */
let app;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;

after(async () => {
  await browser?.close().catch(() => {});
  await app?.close();
  if (emulator && emulator.child.exitCode === null && emulator.child.signalCode === null)
    emulator.child.kill('SIGKILL');
});

test(
  'a separate app connects with only endpoint, trusted-origins and accessToken; Ctrl-C stops it',
  { timeout: 90_000 },
  async () => {
    // get-port keeps each port it hands out from its next answers: three distinct ports.
    const [apiPort, providerPort, completionPort] = [await getPort(), await getPort(), await getPort()];
    emulator = await startCli([
      '--api-port',
      String(apiPort),
      '--provider-port',
      String(providerPort),
      '--completion-port',
      String(completionPort),
    ]);
    // The banner tells what it was asked for.
    assert.equal(emulator.endpoint, `http://127.0.0.1:${apiPort}/v1/graphql`);
    assert.equal(emulator.trustedOrigins, `http://127.0.0.1:${completionPort}`);
    assert.equal(emulator.providerPage, `http://127.0.0.1:${providerPort}/authorize`);
    assert.equal(emulator.completionPage, `http://127.0.0.1:${completionPort}/index.html`);
    assert.ok(emulator.accessToken.length > 0);
    assert.ok(emulator.stdout().includes(CONNECTION_ID), 'the banner names the sample connection id');

    // The app: a page of its own, on localhost (not the emulator's 127.0.0.1).
    app = await serveStatic({
      '/': { type: 'text/html; charset=utf-8', file: `${root}test/fixtures/emulator-app.html` },
      '/bwell-connect.bundle.js': { type: 'text/javascript; charset=utf-8', file: await ensureBundle(root) },
    });
    assert.notEqual(new URL(app.origin).origin, new URL(emulator.endpoint).origin);

    // Headless, with the popup blocker on, as users have it.
    browser = await launchChromium();
    const page = await browser.newPage();
    const banner = new URLSearchParams({ endpoint: emulator.endpoint, trusted: emulator.trustedOrigins });
    await page.goto(`${app.origin}/?${banner}`);
    await page.waitForFunction(
      () => customElements.get('bwell-connect') !== undefined && Array.isArray(/** @type {any} */ (window).events),
    );
    await page.$eval('bwell-connect', (el, token) => /** @type {any} */ (el.accessToken = token), emulator.accessToken);
    const button = await page.waitForSelector('bwell-connect >>> button[part="button"]:not([disabled])');
    assert.ok(button);

    const popupTarget = browser.waitForTarget((t) => t.opener() === page.target() && t.type() === 'page', {
      timeout: 20_000,
    });
    await button.click(); // a real mouse click: a user gesture, as the popup blocker wants
    const target = await popupTarget;
    const popup = await target.page();
    assert.ok(popup);
    const targetGone = new Promise((resolve) => browser?.on('targetdestroyed', (t) => t === target && resolve(true)));

    // The provider's consent page, on the emulator's provider origin: allow.
    const allow = await popup.waitForSelector('::-p-text(Allow)', { timeout: 20_000 }).catch(async (error) => {
      const events = await page.evaluate(() => /** @type {any} */ (window).events).catch(() => 'unreadable');
      throw new Error(
        `no "Allow" on the provider page (${error.message}); the app's events: ${JSON.stringify(events)}`,
      );
    });
    assert.ok(allow);
    assert.equal(new URL(popup.url()).origin, new URL(emulator.providerPage).origin);
    await allow.click();

    await page.waitForFunction(() => /** @type {any} */ (window).events.length > 0, { timeout: 20_000 });
    // The element closes its popup once it has the result.
    await within(targetGone, 10_000, () => {
      throw new Error('the popup was not closed');
    });
    await delay(NO_SECOND_EVENT_MS);
    const events = await page.evaluate(() => /** @type {any} */ (window).events);
    assert.deepEqual(
      events.map((/** @type {{ type: string }} */ e) => e.type),
      ['connection-success'],
    );
    assert.equal(events[0].detail.connectionId, CONNECTION_ID);
    assert.equal(events[0].detail.status, 'success');
    assert.equal(await page.$eval('bwell-connect', (el) => el.getAttribute('state')), 'succeeded');

    // The emulator saw one getOauthUrl from the app's origin, with the token.
    const log = await (await fetch(new URL(`/__emulator/log?connectionId=${CONNECTION_ID}`, emulator.endpoint))).json();
    assert.equal(log.count, 1);
    assert.equal(log.requests[0].origin, app.origin);
    assert.equal(log.requests[0].authorization, true);

    await browser.close();
    browser = undefined;

    // Ctrl-C: exit 0, promptly, every port closed.
    const t0 = Date.now();
    emulator.child.kill('SIGINT');
    const exit = await within(emulator.exited, 5_000, () => ({ code: 'still running after 5 s' }));
    assert.deepEqual(exit, { code: 0, signal: null }, emulator.stderr());
    assert.ok(Date.now() - t0 < 5_000);
    assert.equal(emulator.stderr(), '');
    for (const port of [apiPort, providerPort, completionPort])
      assert.equal(await isListening(port), false, `port ${port} closed`);
  },
);

test('SIGTERM stops it too, with exit 0', { timeout: 30_000 }, async () => {
  const cli2 = await startCli([]);
  const ports = [cli2.endpoint, cli2.providerPage, cli2.completionPage].map((u) => Number(new URL(u).port));
  for (const port of ports) assert.equal(await isListening(port), true, `port ${port} open`);
  cli2.child.kill('SIGTERM');
  const exit = await within(cli2.exited, 5_000, () => ({ code: 'still running after 5 s' }));
  if (cli2.child.exitCode === null && cli2.child.signalCode === null) cli2.child.kill('SIGKILL');
  assert.deepEqual(exit, { code: 0, signal: null });
  for (const port of ports) assert.equal(await isListening(port), false, `port ${port} closed`);
});
