#!/usr/bin/env node
// The emulator as a tool: `npm run emulator` (or `node emulator/cli.mjs --help`) starts the local b.well
// stand-in alone, prints what an app needs to talk to it, and stops cleanly on Ctrl-C or SIGTERM.
import { parseArgs } from 'node:util';
import { faultNames } from './faults.mjs';
import { startEmulator } from './index.mjs';
import { choices } from './provider.mjs';

/** Any non-empty bearer token but the literal `invalid` passes the emulator's check (see api.mjs). */
const SAMPLE_TOKEN = 'emulator-demo-token';

const help = () => `Usage: npm run emulator -- [options]
       node emulator/cli.mjs [options]

Starts the local b.well emulator: a GraphQL API (getOauthUrl, getMemberConnections), a provider consent
page and b.well's completion page, each on its own port of 127.0.0.1, and prints what an app needs:
the endpoint, the trusted-origins value, a sample access token and sample connection ids.
Stops on Ctrl-C (SIGINT) or SIGTERM.

Options:
  --api-port <port>         port of the GraphQL API (default: a free one)
  --provider-port <port>    port of the provider's consent page (default: a free one)
  --completion-port <port>  port of the completion page (default: a free one)
  --host-origin <origin>    your app's origin, e.g. http://localhost:5173: where ?redirect=custom sends the
                            popup back (to <origin>/demo/callback.html, or ?returnPath=/your/page) when a
                            request carries no Origin header (browsers always send one)
  --json                    print one line of JSON instead of the text, for scripts
  -h, --help                show this help

${scenarios({ endpoint: '<endpoint>', apiOrigin: '<api origin>' })}`;

/**
 * @param {string} name
 * @param {string | undefined} value
 * @returns {number}
 */
function parsePort(name, value) {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--${name} must be a port number (0-65535), not "${value}"`);
  return Number(value);
}

/** @param {string | undefined} value */
function parseOrigin(value) {
  if (value === undefined) return undefined;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--host-origin must be an origin like http://localhost:5173, not "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null') {
    throw new UsageError(`--host-origin must be an http(s) origin, not "${value}"`);
  }
  return url.origin;
}

class UsageError extends Error {}

/** @param {string[]} argv */
function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'api-port': { type: 'string' },
      'provider-port': { type: 'string' },
      'completion-port': { type: 'string' },
      'host-origin': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    apiPort: parsePort('api-port', values['api-port']),
    providerPort: parsePort('provider-port', values['provider-port']),
    completionPort: parsePort('completion-port', values['completion-port']),
    hostOrigin: parseOrigin(values['host-origin']),
  };
}

/** The connection ids that choose a scenario: in --help, in the banner and in --json. */
const CONNECTION_IDS = [
  ['proa_demo', 'a new connection: the provider page asks, "Allow" connects it (so does any other id)'],
  ['epic_on_fhir_sandbox', 'already CONNECTED in getMemberConnections, its records RETRIEVED'],
  ['expired_<anything>', 'EXPIRED until an Allow makes it CONNECTED (expired_demo is listed from the start)'],
  ['disconnected_<anything>', 'DISCONNECTED until an Allow (disconnected_demo is listed from the start)'],
  ['unknown_<anything>', 'getOauthUrl answers a 404 GraphQL error'],
  ['fault_<name>', `a broken getOauthUrl answer: ${faultNames.map((name) => `fault_${name}`).join(', ')}`],
];

/** The scenario flags, as a query on the endpoint. */
const FLAGS = [
  [
    'auto=<action>',
    `the provider page acts by itself: ${[...choices.map((c) => c.code), 'close', 'stay', 'spoof', 'hijack'].join(', ')} ` +
      '(hijack: back to the return URL with status_code=success, which b.well never recorded)',
  ],
  ['coop=1', 'the provider page sends Cross-Origin-Opener-Policy (severs the popup from the app)'],
  ['redirect=custom', "the popup returns to <the app's origin>/demo/callback.html (returnPath=/… to change)"],
  ['fault=<name>', 'as fault_<name>'],
  ['delay=<ms>', 'getOauthUrl answers late'],
  ['auth=none', 'no bearer check'],
  ['lag=<ms>', "getMemberConnections shows the provider's outcome this late (b.well's own lag; 0 … 60000)"],
  [
    'sync=error|slow',
    "after an Allow, the records' import (PENDING → RETRIEVING → RETRIEVED over about 6 s) ends in ERROR, or takes 60 s",
  ],
];

/**
 * Rows of a two-column table: each name padded to the widest, each description wrapped within 110 columns.
 * @param {string[][]} rows
 */
const table = (rows) => {
  const width = Math.max(...rows.map(([name]) => name.length)) + 4;
  const wrap = (text) => text.replace(new RegExp(`(.{1,${110 - width}})(?: |$)`, 'g'), '$1\n').trimEnd();
  return rows
    .map(([name, what]) => `  ${name.padEnd(width - 2)}${wrap(what).replaceAll('\n', `\n${' '.repeat(width)}`)}`)
    .join('\n');
};

/**
 * The scenarios: in --help, and in the banner with the running emulator's origins.
 * @param {{ endpoint: string, apiOrigin: string }} origins
 */
function scenarios({ endpoint, apiOrigin }) {
  return `Connection ids (another id joins the member's list when getOauthUrl is first asked about it):
${table(CONNECTION_IDS)}

Scenario flags, as a query on the endpoint (e.g. ${endpoint}?auto=success):
${table(FLAGS)}

After any Allow, getMemberConnections answers syncStatus and lastSynced as the import goes on.
To set a connection by hand: curl -X POST '${apiOrigin}/__emulator/connections?id=<id>&status=EXPIRED'
  (fields: status, statusUpdated, syncStatus, lastSynced; an empty value is null)`;
}

/**
 * What an app needs, as data (the --json output) and as the banner.
 * @param {import('./index.mjs').Emulator} emulator
 * @param {string | undefined} hostOrigin
 */
function describe(emulator, hostOrigin) {
  return {
    endpoint: emulator.endpoint,
    trustedOrigins: emulator.completionOrigin,
    accessToken: SAMPLE_TOKEN,
    connectionIds: Object.fromEntries(CONNECTION_IDS),
    providerPage: `${emulator.providerOrigin}/authorize`,
    providerChoices: choices.map((c) => `${c.label} → ${c.code}`),
    completionPage: `${emulator.completionOrigin}/index.html`,
    apiOrigin: emulator.apiOrigin,
    providerOrigin: emulator.providerOrigin,
    completionOrigin: emulator.completionOrigin,
    hostOrigin: hostOrigin ?? null,
  };
}

/** @param {ReturnType<typeof describe>} info */
function banner(info) {
  return `b.well emulator running. Set these on <bwell-connect>:

${table([
  ['endpoint', info.endpoint],
  ['trusted-origins', info.trustedOrigins],
  ['accessToken', `${info.accessToken}   (a property; any non-empty token but "invalid" is accepted)`],
])}

${scenarios(info)}

Pages:
${table([
  ['provider page', `${info.providerPage}   (buttons: ${choices.map((c) => c.label).join(', ')})`],
  ['completion page', `${info.completionPage}   (posts status-success / status-failure to the opener)`],
])}

Press Ctrl-C to stop.`;
}

/** @param {string[]} argv */
async function main(argv) {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`emulator: ${message}\nTry: node emulator/cli.mjs --help\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${help()}\n`);
    return 0;
  }

  const { apiPort, providerPort, completionPort, hostOrigin } = options;
  let emulator;
  try {
    emulator = await startEmulator({ hostOrigin, apiPort, providerPort, completionPort });
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    const message =
      code === 'EADDRINUSE'
        ? `a port is already in use (${/** @type {NodeJS.ErrnoException} */ (error).message}); pick another or leave it out for a free one`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`emulator: could not start: ${message}\n`);
    return 1;
  }

  const info = describe(emulator, hostOrigin);

  return new Promise((resolve) => {
    let stopping = false;
    /** @param {string} reason */
    const stop = (reason) => {
      if (stopping) {
        // A second Ctrl-C while closing: give up waiting.
        process.stderr.write('emulator: stopping without waiting\n');
        resolve(1);
        return;
      }
      stopping = true;
      if (!options.json) process.stdout.write(`\n${reason}: stopping the emulator…\n`);
      emulator.close().then(
        () => {
          if (!options.json) process.stdout.write('stopped.\n');
          resolve(0);
        },
        (error) => {
          process.stderr.write(`emulator: error while stopping: ${error instanceof Error ? error.message : error}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
    // Printed only now: whoever reads the banner may send a signal at once, and it must find the handlers.
    process.stdout.write(`${options.json ? JSON.stringify(info) : banner(info)}\n`);
    // Under `npm run emulator`, a SIGTERM sent to npm alone ends npm and its shell but not this process
    // (npm 11 does not forward it): stop when the parent goes, rather than linger as an orphan on its ports.
    if (process.env.npm_lifecycle_event === 'emulator') {
      const parent = process.ppid;
      setInterval(() => {
        if (process.ppid !== parent) stop('npm exited');
      }, 500).unref();
    }
  });
}

// A closed stdout (e.g. `| head`) must not crash the process with EPIPE.
process.stdout.on('error', () => {});

process.exitCode = await main(process.argv.slice(2));
// Nothing should be left, but a stray handle must not keep a stopped emulator alive.
setTimeout(() => process.exit(), 1000).unref();
