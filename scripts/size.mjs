// Measures the built files (run `npm run build` first), prints them beside comparable libraries, writes
// bench/size.json for the README, and exits 1 when a build is over its budget. Sizes are min+gzip bytes:
// terser, then gzip at level 9.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';

const KB = 1024;
const CLASSIC_BUNDLE = 'dist/bwell-connect.min.js';
const MODULE_BUNDLE = 'dist/bwell-connect.bundle.js';

/** Measured on 2026-11-28 on this machine (min+gzip), as listed in the issue. */
const PEERS = [
  { name: '@azure/msal-browser 5.30', bytes: 78.8 * KB },
  { name: '@auth0/auth0-spa-js 2.28', bytes: 63.4 * KB },
  { name: 'oidc-client-ts 3.5', bytes: 18.1 * KB },
  { name: '@nangohq/frontend 0.71', bytes: 3.9 * KB },
  { name: 'lit alone', bytes: 6.1 * KB },
];

const gzipSize = (code) => gzipSync(code, { level: 9 }).length;

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    console.error(`size: ${path} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
}

/**
 * The npm build's own code: every dist/*.js module but the bundles (dependencies stay imports there), each
 * minified on its own as an app's bundler would, gzipped together as one file.
 */
async function ownCode() {
  const files = readdirSync('dist')
    .filter((file) => file.endsWith('.js') && !MODULE_BUNDLE.endsWith(file) && !CLASSIC_BUNDLE.endsWith(file))
    .sort();
  let code = '';
  for (const file of files) {
    const result = await minify(read(`dist/${file}`), { module: true, ecma: 2020, compress: { passes: 2 } });
    code += result.code;
  }
  return { files, bytes: gzipSize(code) };
}

const own = await ownCode();
const builds = [
  { name: 'classic-script bundle', file: CLASSIC_BUNDLE, bytes: gzipSize(read(CLASSIC_BUNDLE)), budget: 12 * KB },
  { name: 'ES module bundle', file: MODULE_BUNDLE, bytes: gzipSize(read(MODULE_BUNDLE)) },
  { name: 'npm build, own code', file: `dist/{${own.files.join(',')}}`, bytes: own.bytes, budget: 4 * KB },
];

const kB = (bytes) => `${(bytes / KB).toFixed(1)} kB`;
const rows = [
  ...builds.map((b) => [b.name, kB(b.bytes), b.budget ? `≤ ${kB(b.budget)}` : '', b.budget ? (b.bytes <= b.budget ? 'ok' : 'OVER') : '']),
  ...PEERS.map((p) => [p.name, kB(p.bytes), '', 'peer']),
];
const header = ['min+gzip', 'size', 'budget', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [header, ...rows]) {
  console.log(row.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/size.json',
  `${JSON.stringify(
    {
      unit: 'bytes, min+gzip (terser, gzip -9)',
      builds: builds.map(({ name, file, bytes, budget }) => ({ name, file, bytes, ...(budget ? { budget } : {}) })),
      peers: PEERS.map(({ name, bytes }) => ({ name, bytes: Math.round(bytes), measured: '2026-11-28' })),
    },
    null,
    2,
  )}\n`,
);

const over = builds.filter((b) => b.budget && b.bytes > b.budget);
for (const b of over) console.error(`size: ${b.name} is ${kB(b.bytes)}, over its ${kB(b.budget)} budget.`);
process.exitCode = over.length > 0 ? 1 : 0;
