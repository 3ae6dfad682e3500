// Regenerates the custom elements manifest into a temporary directory, with the same analyzer and config
// as `npm run analyze`, and fails when the committed custom-elements.json differs from it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const COMMITTED = 'custom-elements.json';
const cem = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');

// The analyzer joins --outdir onto the working directory, so the temporary directory lives inside the repo
// (.tmp/ is ignored by git).
mkdirSync('.tmp', { recursive: true });
const tmp = mkdtempSync(join('.tmp', 'manifest-'));
let fresh;
try {
  const run = spawnSync(
    process.execPath,
    [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative('.', tmp), '--quiet'],
    { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) {
    console.error('check:manifest: the analyzer failed.');
    process.exit(1);
  }
  fresh = readFileSync(join(tmp, COMMITTED), 'utf8');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

let committed;
try {
  committed = readFileSync(COMMITTED, 'utf8');
} catch {
  console.error(`check:manifest: ${COMMITTED} is missing. Run \`npm run analyze\` and commit it.`);
  process.exit(1);
}

if (committed !== fresh) {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  console.error(
    `check:manifest: ${COMMITTED} is out of date with src/ (first difference at line ${at + 1}:\n` +
      `  committed: ${a[at]?.trim() ?? '(end of file)'}\n` +
      `  from src:  ${b[at]?.trim() ?? '(end of file)'})\n` +
      'Run `npm run analyze` and commit custom-elements.json.',
  );
  process.exit(1);
}
console.log(`check:manifest: ${COMMITTED} matches src/.`);
