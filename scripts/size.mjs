// What a page pays for <bwell-connect>, measured from the packed tarball the way each kind of user gets it:
// the two bundles a <script> tag loads, and an app that installs the tarball and bundles
// `import 'bwell-connect'` with Rollup, with the project's esbuild and with esbuild 0.25 (what Vite 7 ships).
// Then where the bytes go: each part's share of the esbuild app path. Then the opt-in status capability
// (`bwell-connect/status`): its script and its app paths, and its own cost, what each adds to the same path
// without it. Prints the tables, writes bench/size.json for the README, and exits 1 when any path of the main
// entry is over the budget or the capability's own cost is over its own. Run after `npm run build`.
//
// Sizes are bytes, min+gzip: minified by the tool in question (terser for Rollup, esbuild's own minifier),
// then gzip at level 9. Lit is included: an app that already uses Lit pays less.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuildCurrent from 'esbuild';
import * as esbuild025 from 'esbuild-0.25';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/**
 * The budget every path is held to, Lit included; CI fails over it. The goal is 15,000 B (GOAL), not met: this
 * round's phase and progress events, the press that fetches the URL early, server-text redaction, settings that
 * never throw and SSR safety brought every path to about 16.9 kB without golf, and the one lever left that would
 * close the gap (graphql-request, 2.1 kB of each path, replaced by a plain fetch) is a decision for the project,
 * not a size fix. The budget keeps ~600 B of room and stops any further drift. See docs/measurements.md.
 */
const BUDGET = 17_500;
const GOAL = 15_000;

/**
 * What `bwell-connect/status` may add to a path, min+gzip: the reads, their schedules, the strings and the
 * server completion, with @lit/task. Measured at 3.6–3.8 kB; the budget stops drift.
 */
const STATUS_BUDGET = 4_000;

/** Measured on 2026-11-28 on this machine (min+gzip), for comparison. */
const PEERS = [
  { name: '@azure/msal-browser 5.30', bytes: 80_691 },
  { name: '@auth0/auth0-spa-js 2.28', bytes: 64_922 },
  { name: 'oidc-client-ts 3.5', bytes: 18_534 },
  { name: '@nangohq/frontend 0.71', bytes: 3_994 },
];

const gzipSize = (code) => gzipSync(code, { level: 9 }).length;

/** Prints rows as a plain table, numbers right-aligned. */
function printTable(header, rows) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** The tarball `npm pack` makes, installed into a fresh app as `npm install <tarball>` does. */
function installPackedTarball(app) {
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { encoding: 'utf8' }),
  );
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'size-app', private: true, type: 'module' }));
  execFileSync(
    'npm',
    ['install', `./${pack.filename}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    {
      cwd: app,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return join(app, 'node_modules', 'bwell-connect');
}

/** Bundles `source` as an app's entry module with Rollup (node-resolve for the browser, terser). */
async function rollupApp(app, source) {
  const entry = join(app, 'entry.js');
  writeFileSync(entry, source);
  const bundle = await rollup({
    input: entry,
    plugins: [
      resolve({ browser: true, rootDir: app }),
      terser({ ecma: 2020, module: true, format: { comments: false } }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return output[0].code;
}

/** Bundles `source` as an app's entry module with esbuild (minified, for the browser): its code and metafile. */
async function esbuildApp(app, source, esbuild = esbuildCurrent) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: app, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: result.outputFiles[0].text, metafile: result.metafile };
}

/**
 * Where the esbuild app path's bytes go: each part's minified bytes (esbuild's metafile) and its share of the
 * min+gzip total, prorated by those bytes (gzip has no per-file sizes). Parts: Lit, graphql-request, and each
 * module of the package.
 */
async function partsOf(app, source) {
  const { text, metafile } = await esbuildApp(app, source);
  const total = gzipSize(text);
  const parts = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(Object.values(metafile.outputs)[0].inputs)) {
    const name = partName(file);
    parts.set(name, (parts.get(name) ?? 0) + bytesInOutput);
  }
  const minified = [...parts.values()].reduce((sum, bytes) => sum + bytes, 0);
  return [...parts]
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => ({ name, minified: bytes, share: Math.round((total * bytes) / minified) }))
    .sort((a, b) => b.minified - a.minified);
}

function partName(file) {
  const own = /node_modules\/bwell-connect\/dist\/(.+)\.js$/.exec(file);
  if (own) return own[1] === 'vendor/graphql-request' ? 'graphql-request (parser-free)' : `src/${own[1]}.ts`;
  if (/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(file)) return 'Lit';
  return file.replace(/^.*node_modules\//, '');
}

const app = mkdtempSync(join(tmpdir(), 'bwell-connect-size-'));
try {
  const installed = installPackedTarball(app);
  const paths = [
    { name: 'classic bundle (<script src>)', code: readFileSync(join(installed, 'dist/bwell-connect.min.js'), 'utf8') },
    {
      name: 'ES module bundle (<script type=module>)',
      code: readFileSync(join(installed, 'dist/bwell-connect.bundle.js'), 'utf8'),
    },
    { name: "app: import 'bwell-connect', Rollup", code: await rollupApp(app, "import 'bwell-connect';\n") },
    {
      name: `app: import 'bwell-connect', esbuild ${esbuildCurrent.version}`,
      code: (await esbuildApp(app, "import 'bwell-connect';\n")).text,
    },
    {
      name: `app: import 'bwell-connect', esbuild ${esbuild025.version}`,
      code: (await esbuildApp(app, "import 'bwell-connect';\n", esbuild025)).text,
    },
  ].map((path) => ({ name: path.name, bytes: gzipSize(path.code), code: path.code }));

  const parts = await partsOf(app, "import 'bwell-connect';\n");
  const STATUS = "import 'bwell-connect/status';\n";
  const statusPaths = [
    {
      name: 'classic bundle (bwell-connect-status.min.js)',
      base: paths[0],
      code: readFileSync(join(installed, 'dist/bwell-connect-status.min.js'), 'utf8'),
    },
    { name: "app: import 'bwell-connect/status', Rollup", base: paths[2], code: await rollupApp(app, STATUS) },
    {
      name: `app: import 'bwell-connect/status', esbuild ${esbuildCurrent.version}`,
      base: paths[3],
      code: (await esbuildApp(app, STATUS)).text,
    },
  ].map((path) => {
    const bytes = gzipSize(path.code);
    return { name: path.name, bytes, own: bytes - path.base.bytes, code: path.code };
  });
  const callback = gzipSize(await rollupApp(app, "export * from 'bwell-connect/callback';\n"));
  const leaked = [...paths, ...statusPaths]
    .filter((path) => /GraphQLSchema|Syntax Error: /.test(path.code))
    .map((path) => path.name);

  printTable(
    ['min+gzip -9, bytes', 'size', `budget ${BUDGET}`, `goal ${GOAL}`],
    [
      ...paths.map((path) => [
        path.name,
        String(path.bytes),
        path.bytes <= BUDGET ? `ok, ${BUDGET - path.bytes} B to spare` : 'OVER',
        path.bytes <= GOAL ? 'met' : `${path.bytes - GOAL} B over`,
      ]),
      ['the callback helper alone (bwell-connect/callback, Rollup)', String(callback), '', ''],
      ...PEERS.map((peer) => [`peer: ${peer.name}`, String(peer.bytes), '', '']),
    ],
  );
  console.log();
  printTable(
    ['with bwell-connect/status, min+gzip -9', 'size', `its own cost (budget ${STATUS_BUDGET})`],
    statusPaths.map((path) => [
      path.name,
      String(path.bytes),
      `${path.own}${path.own <= STATUS_BUDGET ? '' : ' OVER'}`,
    ]),
  );
  console.log();
  printTable(
    ['where the esbuild app path goes', 'minified', 'min+gzip share'],
    parts.map((part) => [part.name, String(part.minified), String(part.share)]),
  );

  mkdirSync('bench', { recursive: true });
  writeFileSync(
    'bench/size.json',
    `${JSON.stringify(
      {
        unit: 'bytes, min+gzip -9, Lit included, from the packed tarball',
        budget: BUDGET,
        goal: GOAL,
        paths: paths.map(({ name, bytes }) => ({ name, bytes })),
        callbackHelper: callback,
        status: { budget: STATUS_BUDGET, paths: statusPaths.map(({ name, bytes, own }) => ({ name, bytes, own })) },
        parts,
        peers: PEERS.map((peer) => ({ ...peer, measured: '2026-11-28' })),
      },
      null,
      2,
    )}\n`,
  );

  const over = paths.filter((path) => path.bytes > BUDGET);
  for (const path of over) console.error(`size: ${path.name} is ${path.bytes} B, over the ${BUDGET} B budget.`);
  const statusOver = statusPaths.filter((path) => path.own > STATUS_BUDGET);
  for (const path of statusOver)
    console.error(`size: bwell-connect/status adds ${path.own} B to ${path.name}, over its ${STATUS_BUDGET} B budget.`);
  for (const name of leaked) console.error(`size: ${name} contains graphql's parser or schema code.`);
  process.exitCode = over.length > 0 || statusOver.length > 0 || leaked.length > 0 ? 1 : 0;
} finally {
  rmSync(app, { recursive: true, force: true });
}
