// Checks what `npm pack` would publish against what the README promises: every module of src/ as .js with
// its .d.ts (vue.ts and jsx.ts are types only), the two bundles, the manifest, README, LICENSE and package.json — and
// nothing else (no sources, tests, maps or demo). Also that every `exports` target is in the package.
// Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const TYPES_ONLY = new Set(['vue', 'jsx']);
const modules = readdirSync('src')
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -3));
const expected = new Set([
  'package.json',
  'README.md',
  'LICENSE',
  'custom-elements.json',
  'dist/bwell-connect.min.js',
  'dist/bwell-connect.bundle.js',
  'dist/vendor/graphql-request.js',
  ...modules.flatMap((name) => (TYPES_ONLY.has(name) ? [`dist/${name}.d.ts`] : [`dist/${name}.js`, `dist/${name}.d.ts`])),
]);

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const packed = new Set(pack.files.map((file) => file.path));
const problems = [
  ...[...expected].filter((file) => !packed.has(file)).map((file) => `missing from the package: ${file}`),
  ...[...packed].filter((file) => !expected.has(file)).map((file) => `not expected in the package: ${file}`),
];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
for (const target of [...targets(pkg.exports), pkg.unpkg, pkg.jsdelivr, pkg.main, pkg.types, pkg.customElements]) {
  const path = target.replace(/^\.\//, '');
  if (!packed.has(path)) problems.push(`package.json points at ${target}, which is not in the package`);
}

if (problems.length > 0) {
  console.error(`check:pack:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check:pack: ${packed.size} files, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked, as documented.`);
