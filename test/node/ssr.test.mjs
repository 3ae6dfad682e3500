// Server rendering: every npm entry point imports in Node, where there is no DOM, through the package's own
// `exports` (as an SSR framework resolves it), and completeConnection() does nothing there. Needs
// `npm run build` first (`npm test` does it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const entryPoints = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object' && target.default?.endsWith('.js'))
  .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));

test('the package has the entry points the README lists', () => {
  assert.deepEqual(entryPoints.sort(), [
    'bwell-connect',
    'bwell-connect/callback',
    'bwell-connect/define',
    'bwell-connect/element',
    'bwell-connect/react',
    'bwell-connect/status',
  ]);
});

test('Node has no DOM here', () => {
  assert.equal(typeof window, 'undefined');
  assert.equal(typeof document, 'undefined');
  assert.equal(typeof location, 'undefined');
});

for (const entryPoint of entryPoints) {
  test(`${entryPoint} imports without a DOM`, async () => {
    const module = await import(entryPoint);
    assert.ok(Object.keys(module).length > 0, `${entryPoint} exports something`);
  });
}

test('completeConnection() returns undefined and schedules nothing without a window', async () => {
  const { completeConnection } = await import('bwell-connect/callback');
  const before = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
  assert.equal(completeConnection(), undefined);
  assert.equal(completeConnection({ closeDelay: 0 }), undefined);
  const after = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
  assert.equal(after, before, 'a timer was scheduled');
});

test("the React wrapper is a client component: dist/react.js starts with 'use client'", () => {
  const code = readFileSync(new URL('../../dist/react.js', import.meta.url), 'utf8');
  assert.match(code, /^'use client';\n/, 'Next.js and other server renderers read the directive on the first line');
});
