// Server-rendered apps: the packed package inside real Next.js, SvelteKit and Nuxt apps, each built with its own
// tool and served by its own production server, then driven in Chromium against the local b.well emulator.
//
//   node test/apps/run.mjs                     build and pack the repository, then every app
//   node test/apps/run.mjs --no-build          pack the dist/ that is there (CI: built by an earlier step)
//   node test/apps/run.mjs --only next,nuxt    some of the apps
//   node test/apps/run.mjs --install-only      only the apps' own dependencies (npm ci), no package: needs no build,
//                                              so CI can run it beside the build; the full run then skips npm ci
//
// The apps are kept in test/apps/<name>/ with their own package.json and package-lock.json. Each run copies an
// app's files into .tmp/apps/<name>/ (ignored by git), where its node_modules stays between runs: `npm ci` runs
// only when the app's package.json or package-lock.json changed since the last install, then the tarball of this
// run is installed over it (`npm install <tarball> --no-save`), as a user's `npm install bwell-connect` would.
//
// For every app the checks are:
//   setup           installs, builds with the app's own tool and starts its production server (SSR)
//   token-in-build  the build output holds no access token (it is in the build's environment, to catch an app that
//                   bakes it in)
//   server-html     the server's HTML (a plain fetch) has both <bwell-connect> elements and no access token
//   rendered        in Chromium, after hydration: every <bwell-connect> has its token property set and a button in
//                   its shadow root, enabled (its connection id arrived)
//   one-success     a real click on proa_demo's button, "Allow" in the emulator's provider popup (popup blocker on):
//                   exactly one connection-success reaches the app's own handler, none in the next 1.5 s, and the
//                   other element's handler hears nothing
//   no-errors       no console error and no uncaught exception on the page, from load to the end
// The last line is `N passed, N failed`; the exit status is 1 when anything failed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from '../../scripts/lib/options.mjs';
import { startEmulator } from '../../emulator/index.mjs';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { NO_SECOND_EVENT_MS } from '../support/waits.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('.', import.meta.url));
const work = join(root, '.tmp', 'apps');

/** The member's token, as each app's server knows it. Any non-empty token but `invalid` passes the emulator. */
const TOKEN = 'ssr-apps-member-token-5e1f0c7a';
const HOST = '127.0.0.1';
const CONNECTION_IDS = ['proa_demo', 'epic_on_fhir_sandbox'];
const CLICKED = 'proa_demo';

/**
 * @typedef {{ endpoint: string, completionOrigin: string }} EmulatorInfo
 * @typedef {{
 *   title: string,
 *   outputs: string[],
 *   buildEnv: Record<string, string>,
 *   start(port: number, emulator: EmulatorInfo): { command: string, args: string[], env: Record<string, string> },
 * }} App
 */

/** @type {Record<string, App>} */
const APPS = {
  next: {
    title: 'Next.js (App Router)',
    outputs: ['.next'],
    buildEnv: { BWELL_ACCESS_TOKEN: TOKEN },
    start: (port, emulator) => ({
      command: 'node_modules/.bin/next',
      args: ['start', '--hostname', HOST, '--port', String(port)],
      env: {
        BWELL_ENDPOINT: emulator.endpoint,
        BWELL_TRUSTED_ORIGINS: emulator.completionOrigin,
        BWELL_ACCESS_TOKEN: TOKEN,
      },
    }),
  },
  sveltekit: {
    title: 'SvelteKit (Svelte 5, adapter-node)',
    outputs: ['build', '.svelte-kit/output'],
    buildEnv: { BWELL_ACCESS_TOKEN: TOKEN },
    start: (port, emulator) => ({
      command: process.execPath,
      args: ['build'],
      env: {
        HOST,
        PORT: String(port),
        BWELL_ENDPOINT: emulator.endpoint,
        BWELL_TRUSTED_ORIGINS: emulator.completionOrigin,
        BWELL_ACCESS_TOKEN: TOKEN,
      },
    }),
  },
  nuxt: {
    title: 'Nuxt 4',
    outputs: ['.output', '.nuxt/dist'],
    buildEnv: { NUXT_BWELL_ACCESS_TOKEN: TOKEN },
    start: (port, emulator) => ({
      command: process.execPath,
      args: ['.output/server/index.mjs'],
      env: {
        NITRO_HOST: HOST,
        NITRO_PORT: String(port),
        NUXT_PUBLIC_BWELL_ENDPOINT: emulator.endpoint,
        NUXT_PUBLIC_BWELL_TRUSTED_ORIGINS: emulator.completionOrigin,
        NUXT_BWELL_ACCESS_TOKEN: TOKEN,
      },
    }),
  },
};

/** What every child process gets besides its own settings: no telemetry, no prompts. */
const QUIET_ENV = { NEXT_TELEMETRY_DISABLED: '1', NUXT_TELEMETRY_DISABLED: '1', CI: process.env.CI ?? '1' };

const usage = `usage: node test/apps/run.mjs [--no-build] [--only ${Object.keys(APPS).join(',')}] [--install-only]`;
/** @type {{ 'no-build'?: boolean, only?: string, 'install-only'?: boolean }} */
const options = parseOptions(usage, {
  'no-build': { type: 'boolean' },
  only: { type: 'string' },
  'install-only': { type: 'boolean' },
});
const names = options.only
  ? options.only
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
  : Object.keys(APPS);
const unknown = names.filter((name) => !(name in APPS));
if (unknown.length > 0 || names.length === 0) {
  console.error(`unknown app(s): ${unknown.join(', ') || '(none given)'}\n${usage}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Results and timings

/** @type {{ name: string, ok: boolean, detail?: string }[]} */
const results = [];
/** @type {[string, number][]} */
const timings = [];
const started = performance.now();

/** @param {string} name @param {boolean} ok @param {string} [detail] */
function record(name, ok, detail) {
  results.push({ name, ok, detail });
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? `: ${detail}` : ''}`);
}

/**
 * Runs `fn`, records its duration under `label`.
 * @template T
 * @param {string} label
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function timed(label, fn) {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const seconds = (performance.now() - t0) / 1000;
    timings.push([label, seconds]);
    console.log(`  (${label}: ${seconds.toFixed(1)} s)`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();

/**
 * Ends a child and everything it started (it leads a process group of its own).
 * @param {import('node:child_process').ChildProcess} child
 */
function stop(child) {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  children.delete(child);
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    for (const child of children) stop(child);
    process.exit(130);
  });
}

/**
 * Starts a command in its own process group, its output appended to `log`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string>, log: string }} options
 */
function launch(command, args, { cwd, env = {}, log }) {
  writeFileSync(log, `$ ${command} ${args.join(' ')}\n`, { flag: 'a' });
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...QUIET_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  const append = (/** @type {Buffer} */ chunk) => writeFileSync(log, chunk, { flag: 'a' });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('exit', () => children.delete(child));
  return child;
}

/**
 * Runs a command to its end; rejects with the log's tail when it fails or takes longer than `timeout` ms.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string>, log: string, timeout: number }} options
 */
function run(command, args, { timeout, ...options }) {
  return new Promise((resolve, reject) => {
    const child = launch(command, args, options);
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`${command} ${args.join(' ')} took over ${timeout / 1000} s\n${tail(options.log)}`));
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(undefined);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail(options.log)}`));
    });
  });
}

/**
 * The last lines of a log, indented, for a failure message.
 * @param {string} log
 */
function tail(log, lines = 25) {
  const text = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines) : [];
  return text.map((line) => `    | ${line}`).join('\n');
}

/** A port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server answers `url` at all (or its process ends, or `timeout` ms pass); the checks judge the
 * answer.
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} server
 * @param {string} log
 */
async function waitForServer(url, server, log, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`the server exited with ${server.exitCode ?? server.signalCode}\n${tail(log)}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) });
      return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeout / 1000} s\n${tail(log)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The package and the apps

/** Builds (unless --no-build) and packs the repository; returns the tarball's path. */
async function pack() {
  mkdirSync(work, { recursive: true });
  const log = join(work, 'pack.log');
  rmSync(log, { force: true });
  if (!options['no-build'])
    await timed('npm run build', () => run('npm', ['run', '--silent', 'build'], { cwd: root, log, timeout: 300_000 }));
  if (!existsSync(join(root, 'dist', 'index.js')))
    throw new Error('dist/ is not built: run `npm run build` first, or leave out --no-build');
  for (const file of readdirSync(work)) if (file.endsWith('.tgz')) rmSync(join(work, file));
  await timed('npm pack', () =>
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, log, timeout: 120_000 }),
  );
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack made no tarball in ${relative(root, work)}`);
  return join(work, tarball);
}

/**
 * What an install depends on: the app's package.json and lockfile.
 * @param {string} dir
 */
function installKey(dir) {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

/**
 * Lays the app's files out in its work folder (keeping node_modules), installs what changed, then the tarball.
 * @param {string} name
 * @param {string | undefined} tarball  undefined: the app's own dependencies only
 */
async function install(name, tarball) {
  const source = join(fixtures, name);
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  // Everything but node_modules goes, build outputs included: each run builds from the committed files alone.
  for (const entry of readdirSync(dir))
    if (entry !== 'node_modules') rmSync(join(dir, entry), { recursive: true, force: true });
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !relative(source, path).split('/').includes('node_modules'),
  });

  const log = join(work, `${name}.install.log`);
  rmSync(log, { force: true });
  const marker = join(dir, 'node_modules', '.fixture-install');
  const key = installKey(dir);
  const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund'];
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== key) {
    await timed(`${name}: npm ci`, () => run('npm', ['ci', ...npmFlags], { cwd: dir, log, timeout: 600_000 }));
    writeFileSync(marker, key);
  } else {
    console.log(`  (${name}: node_modules is up to date with package-lock.json; no npm ci)`);
  }
  if (!tarball) return;
  await timed(`${name}: npm install <tarball>`, () =>
    run('npm', ['install', tarball, '--no-save', ...npmFlags], { cwd: dir, log, timeout: 300_000 }),
  );
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules', 'bwell-connect', 'package.json'), 'utf8'));
  console.log(`  (${name}: bwell-connect ${installed.version} from ${relative(root, tarball)})`);
}

/**
 * Builds the app with its own tool.
 * @param {string} name
 */
async function build(name) {
  const dir = join(work, name);
  const log = join(work, `${name}.build.log`);
  rmSync(log, { force: true });
  await timed(`${name}: build`, () =>
    run('npm', ['run', 'build'], { cwd: dir, env: APPS[name].buildEnv, log, timeout: 600_000 }),
  );
}

/**
 * Files of the build output that contain the token (caches left out).
 * @param {string} name
 */
function filesWithToken(name) {
  const dir = join(work, name);
  /** @type {string[]} */
  const found = [];
  const needle = Buffer.from(TOKEN);
  const visit = (/** @type {string} */ path) => {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path))
        if (entry !== 'cache' && entry !== 'node_modules') visit(join(path, entry));
    } else if (stats.isFile() && stats.size < 20_000_000 && readFileSync(path).includes(needle)) {
      found.push(relative(dir, path));
    }
  };
  for (const output of APPS[name].outputs) if (existsSync(join(dir, output))) visit(join(dir, output));
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks in the browser

/**
 * @param {string} name
 * @param {import('puppeteer-core').Browser} browser
 */
async function testApp(name, browser) {
  const app = APPS[name];
  const dir = join(work, name);
  const label = (/** @type {string} */ check) => `${name}: ${check}`;

  const leaks = filesWithToken(name);
  record(
    label('token-in-build'),
    leaks.length === 0,
    leaks.length ? `the token is in ${leaks.slice(0, 5).join(', ')}` : undefined,
  );

  const emulator = await startEmulator({});
  const port = await freePort();
  const log = join(work, `${name}.server.log`);
  rmSync(log, { force: true });
  const { command, args, env } = app.start(port, emulator);
  const server = launch(command, args, { cwd: dir, env, log });
  const url = `http://localhost:${port}/`;
  /** @type {import('puppeteer-core').BrowserContext | undefined} */
  let context;
  try {
    await timed(`${name}: server start`, () => waitForServer(`http://${HOST}:${port}/`, server, log));

    // (a) What the server sends, as any client (a cache, a crawler, view-source) gets it.
    const response = await fetch(url);
    const html = await response.text();
    const tags = html.match(/<bwell-connect[\s>]/g)?.length ?? 0;
    const htmlProblems = [
      ...(response.ok ? [] : [`the page answered HTTP ${response.status}\n${tail(log)}`]),
      ...(html.includes(TOKEN) ? ['the access token is in the server HTML'] : []),
      ...(tags !== CONNECTION_IDS.length
        ? [`${tags} <bwell-connect> tags in the server HTML, not ${CONNECTION_IDS.length}`]
        : []),
    ];
    record(label('server-html'), htmlProblems.length === 0, htmlProblems.join('; ') || undefined);

    const browserContext = await browser.createBrowserContext();
    context = browserContext;
    const page = await browserContext.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error')
        errors.push(`console.error: ${message.text()}${message.location().url ? ` (${message.location().url})` : ''}`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error instanceof Error ? error.message : error}`));
    await page.goto(url, { waitUntil: 'load' });

    // (b) Hydrated: every element has its token property, a shadow root with a button, and its connection id.
    try {
      await page.waitForFunction(
        (count) => {
          const elements = /** @type {any[]} */ ([...document.querySelectorAll('bwell-connect')]);
          return (
            elements.length === count &&
            elements.every(
              (element) => element.accessToken !== undefined && element.shadowRoot?.querySelector('button'),
            )
          );
        },
        { timeout: 20_000 },
        CONNECTION_IDS.length,
      );
    } catch {
      // Reported below from what the page shows.
    }
    const rendered = await page.evaluate(() =>
      /** @type {any[]} */ ([...document.querySelectorAll('bwell-connect')]).map((element) => {
        const button = element.shadowRoot?.querySelector('button');
        return {
          connectionId: element.connectionId,
          token: typeof element.accessToken,
          tokenAttribute: [...element.attributes].some((attribute) => /token/i.test(attribute.name)),
          button: button ? (button.disabled ? 'disabled' : 'enabled') : 'none',
        };
      }),
    );
    const renderProblems = [];
    const ids = rendered.map((element) => element.connectionId).sort();
    if (JSON.stringify(ids) !== JSON.stringify([...CONNECTION_IDS].sort()))
      renderProblems.push(`connection ids ${JSON.stringify(ids)}`);
    for (const element of rendered) {
      if (element.button !== 'enabled')
        renderProblems.push(`${element.connectionId || '(no id)'}: button ${element.button}`);
      if (element.token === 'undefined')
        renderProblems.push(`${element.connectionId || '(no id)'}: no accessToken property`);
      if (element.tokenAttribute) renderProblems.push(`${element.connectionId || '(no id)'}: a token attribute`);
    }
    record(label('rendered'), renderProblems.length === 0, renderProblems.join('; ') || undefined);

    // (c) One real click, "Allow" in the provider's popup, one event through the app's own handler.
    try {
      const events = await timed(`${name}: click to event`, () => connectOnce(page, browserContext));
      const expected = {
        [CLICKED]: [`connection-success ${CLICKED}`],
        ...Object.fromEntries(CONNECTION_IDS.filter((id) => id !== CLICKED).map((id) => [id, []])),
      };
      const ok = JSON.stringify(events) === JSON.stringify(expected);
      record(label('one-success'), ok, ok ? undefined : `the handlers saw ${JSON.stringify(events)}`);
    } catch (error) {
      record(label('one-success'), false, error instanceof Error ? error.message : String(error));
    }

    // (d) Nothing went wrong on the page meanwhile.
    record(label('no-errors'), errors.length === 0, errors.length ? errors.slice(0, 5).join(' | ') : undefined);
  } finally {
    await context?.close().catch(() => {});
    stop(server);
    await emulator.close();
  }
}

/**
 * Clicks the element's button as a user does, allows in the popup, and returns what each element's handler wrote
 * into the page after the first event plus the no-second-event wait.
 * @param {import('puppeteer-core').Page} page
 * @param {import('puppeteer-core').BrowserContext} context
 */
async function connectOnce(page, context) {
  const button = await page.evaluateHandle(
    (id) =>
      /** @type {any[]} */ ([...document.querySelectorAll('bwell-connect')])
        .find((element) => element.connectionId === id)
        ?.shadowRoot?.querySelector('button'),
    CLICKED,
  );
  const element = button.asElement();
  if (!element) throw new Error(`no button for ${CLICKED}`);
  const popupTarget = context.waitForTarget((target) => target.opener() === page.target(), { timeout: 10_000 });
  // A trusted click: the mouse moves to the button and presses, so the popup blocker lets the popup open.
  await /** @type {import('puppeteer-core').ElementHandle<Element>} */ (element).click();
  const popup = await (await popupTarget).page();
  if (!popup) throw new Error('the popup has no page');
  // The popup starts on about:blank and is sent to the provider's page once the OAuth URL arrives.
  await popup.waitForSelector('button[value="success"]', { timeout: 20_000 });
  await popup.click('button[value="success"]');
  const read = () =>
    page.evaluate(
      (ids) =>
        Object.fromEntries(
          ids.map((id) => [
            id,
            [...document.querySelectorAll(`[data-events="${id}"] li`)].map((item) => item.textContent?.trim()),
          ]),
        ),
      CONNECTION_IDS,
    );
  try {
    await page.waitForFunction(
      (id) => document.querySelectorAll(`[data-events="${id}"] li`).length > 0,
      { timeout: 20_000 },
      CLICKED,
    );
  } catch {
    // Did the element settle and the app's handler not hear it, or did the attempt not end?
    const settled = await page.evaluate(() =>
      /** @type {any[]} */ ([...document.querySelectorAll('bwell-connect')]).map(
        (e) => `${e.connectionId}: ${e.lastResult?.status ?? 'no result'}`,
      ),
    );
    throw new Error(
      `no event reached the app's handler within 20 s (the elements' last results: ${settled.join(', ')})`,
    );
  }
  await sleep(NO_SECOND_EVENT_MS);
  return read();
}

// ---------------------------------------------------------------------------------------------------------------
// The run

/** @param {unknown} error */
const message = (error) => (error instanceof Error ? error.message : String(error));

try {
  /** @type {string | undefined} */
  let tarball;
  if (!options['install-only']) {
    try {
      tarball = await pack();
    } catch (error) {
      record('pack', false, message(error));
    }
  }
  /** @type {Set<string>} */
  const ready = new Set();
  if (tarball || options['install-only']) {
    // Installs are mostly waiting on the disk and the registry: all at once.
    await timed('install (all apps, in parallel)', () =>
      Promise.all(
        names.map((name) =>
          install(name, tarball).then(
            () => ready.add(name),
            (error) => record(`${name}: setup`, false, `install failed: ${message(error)}`),
          ),
        ),
      ),
    );
  }
  if (options['install-only']) {
    for (const name of ready) record(`${name}: install`, true);
  } else {
    // Builds compete for the two cores: one at a time.
    for (const name of names.filter((n) => ready.has(n))) {
      try {
        await build(name);
      } catch (error) {
        ready.delete(name);
        record(`${name}: setup`, false, `build failed: ${message(error)}`);
      }
    }
    const built = names.filter((name) => ready.has(name));
    if (built.length > 0) {
      const browser = await launchChromium();
      try {
        for (const name of built) {
          console.log(`# ${name}: ${APPS[name].title}`);
          try {
            await testApp(name, browser);
            record(`${name}: setup`, true);
          } catch (error) {
            record(`${name}: setup`, false, `could not serve or test: ${message(error)}`);
          }
        }
      } finally {
        await browser.close();
      }
    }
  }
} catch (error) {
  record('run', false, message(error));
} finally {
  for (const child of children) stop(child);
}

timings.push(['total', (performance.now() - started) / 1000]);
console.log('\nTimings (s):');
for (const [label, seconds] of timings) console.log(`  ${label.padEnd(36)} ${seconds.toFixed(1).padStart(6)}`);
const failed = results.filter((result) => !result.ok);
if (failed.length > 0) {
  console.log('\nFailed:');
  for (const result of failed)
    console.log(`  ${result.name}${result.detail ? `: ${result.detail.split('\n')[0]}` : ''}`);
}
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length > 0 || results.length === 0 ? 1 : 0);
