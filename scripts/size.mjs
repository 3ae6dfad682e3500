// What a page pays for <bwell-connect>, measured from the packed tarball the way each kind of user gets it:
// the two bundles a <script> tag loads, and an app that installs the tarball and bundles
// `import 'bwell-connect'` with Rollup and with esbuild. Prints a table, writes bench/size.json for the
// README, and exits 1 when any path is over the budget. Run after `npm run build`.
//
// Sizes are bytes, min+gzip: minified by the tool in question (terser for Rollup, esbuild's own minifier),
// then gzip at level 9. Lit is included: an app that already uses Lit pays less.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/** Issue 10's budget for every path, Lit included. */
const BUDGET = 15_000;

/** Measured on 2026-11-28 on this machine (min+gzip), for comparison. */
const PEERS = [
  { name: '@azure/msal-browser 5.30', bytes: 80_691 },
  { name: '@auth0/auth0-spa-js 2.28', bytes: 64_922 },
  { name: 'oidc-client-ts 3.5', bytes: 18_534 },
  { name: '@nangohq/frontend 0.71', bytes: 3_994 },
];

const gzipSize = (code) => gzipSync(code, { level: 9 }).length;

/** The tarball `npm pack` makes, installed into a fresh app as `npm install <tarball>` does. */
function installPackedTarball(app) {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { encoding: 'utf8' }));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'size-app', private: true, type: 'module' }));
  execFileSync('npm', ['install', `./${pack.filename}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(app, 'node_modules', 'bwell-connect');
}

/** Bundles `source` as an app's entry module with Rollup (node-resolve for the browser, terser). */
async function rollupApp(app, source) {
  const entry = join(app, 'entry.js');
  writeFileSync(entry, source);
  const bundle = await rollup({
    input: entry,
    plugins: [resolve({ browser: true, rootDir: app }), terser({ ecma: 2020, module: true, format: { comments: false } })],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return output[0].code;
}

/** Bundles `source` as an app's entry module with esbuild (minified, for the browser). */
async function esbuildApp(app, source) {
  const result = await esbuild({
    stdin: { contents: source, resolveDir: app, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const app = mkdtempSync(join(tmpdir(), 'bwell-connect-size-'));
try {
  const installed = installPackedTarball(app);
  const paths = [
    { name: 'classic bundle (<script src>)', code: readFileSync(join(installed, 'dist/bwell-connect.min.js'), 'utf8') },
    { name: 'ES module bundle (<script type=module>)', code: readFileSync(join(installed, 'dist/bwell-connect.bundle.js'), 'utf8') },
    { name: "app: import 'bwell-connect', Rollup", code: await rollupApp(app, "import 'bwell-connect';\n") },
    { name: "app: import 'bwell-connect', esbuild", code: await esbuildApp(app, "import 'bwell-connect';\n") },
  ].map((path) => ({ name: path.name, bytes: gzipSize(path.code), code: path.code }));

  // Where an app's bytes go (Rollup): each part bundled alone, so the parts do not add up exactly.
  const parts = [
    { name: 'Lit and @lit/task', bytes: gzipSize(await rollupApp(app, "export * from 'lit'; export * from '@lit/task';\n")) },
    { name: 'graphql-request, parser-free', bytes: gzipSize(await rollupApp(app, `export * from ${JSON.stringify(join(installed, 'dist/vendor/graphql-request.js'))};\n`)) },
    { name: 'callback helper alone (bwell-connect/callback)', bytes: gzipSize(await rollupApp(app, "export * from 'bwell-connect/callback';\n")) },
  ];
  const leaked = paths.filter((path) => /GraphQLSchema|Syntax Error: /.test(path.code)).map((path) => path.name);

  const rows = [
    ...paths.map((path) => [path.name, String(path.bytes), path.bytes <= BUDGET ? 'ok' : 'OVER']),
    ...parts.map((part) => [`  of which ${part.name}`, String(part.bytes), '']),
    ...PEERS.map((peer) => [`peer: ${peer.name}`, String(peer.bytes), '']),
  ];
  const header = ['min+gzip -9, bytes', 'size', `budget ${BUDGET}`];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());

  mkdirSync('bench', { recursive: true });
  writeFileSync(
    'bench/size.json',
    `${JSON.stringify(
      {
        unit: 'bytes, min+gzip -9, Lit included, from the packed tarball',
        budget: BUDGET,
        paths: paths.map(({ name, bytes }) => ({ name, bytes })),
        parts,
        peers: PEERS.map((peer) => ({ ...peer, measured: '2026-11-28' })),
      },
      null,
      2,
    )}\n`,
  );

  const over = paths.filter((path) => path.bytes > BUDGET);
  for (const path of over) console.error(`size: ${path.name} is ${path.bytes} B, over the ${BUDGET} B budget.`);
  for (const name of leaked) console.error(`size: ${name} contains graphql's parser or schema code.`);
  process.exitCode = over.length > 0 || leaked.length > 0 ? 1 : 0;
} finally {
  rmSync(app, { recursive: true, force: true });
}
