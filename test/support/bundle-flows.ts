// What the tests of the built files (test/bundles/) share: loading a classic script, the check of a built file's
// text, and the flows each build must complete against the emulator. Nothing from src/ is imported but types: the element
// under test is the one the build defined.
import { expect } from '@open-wc/testing';
import type { E2EHarness } from './harness.js';

const flows: Array<{ name: string; flags: Record<string, string>; status: string }> = [
  { name: 'completes a flow: connection-success', flags: { auto: 'success' }, status: 'success' },
  {
    name: 'reports the completion page’s status-failure: connection-failure, status error',
    flags: { auto: 'cancelled' },
    status: 'error',
  },
  {
    name: 'reads status_code=expired from the custom redirect page by polling',
    flags: { redirect: 'custom', auto: 'expired' },
    status: 'expired',
  },
];

/** Loads `src` as a page's plain `<script src>` does; rejects, naming the build, when it cannot. */
export function loadClassicScript(src: string): Promise<HTMLScriptElement> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(script);
    script.onerror = () => reject(new Error(`${src} did not load; run \`npm run build\` first.`));
    document.head.append(script);
  });
}

/**
 * Checks a built file as read from disk: Lit's production build, and graphql-request with a stand-in for
 * graphql's parser (a string query is never parsed); with `standalone`, it imports nothing either.
 */
export function expectProductionBuild(source: unknown, { standalone = false } = {}): void {
  expect(source, 'the built file').to.be.a('string');
  expect(source).not.to.include('Lit is in dev mode');
  expect(source).not.to.include('Syntax Error');
  expect(source, 'the stand-in for analyzeDocument').to.include(
    'bwell-connect: its graphql-request only sends string queries',
  );
  if (standalone) expect(source, 'a static or dynamic import').not.to.match(/\bimport\s*[{*"'(]|\}\s*from\s*["']/);
}

/** Registers the shared flows as tests of the current `describe`, run on `page` (its hooks set up by the caller). */
export function itCompletesTheFlows(page: E2EHarness): void {
  for (const flow of flows) {
    it(flow.name, async () => {
      // The element the bundle defined, mounted as the tests of src/ mount theirs.
      const { el, recorder } = await page.start(flow.flags);
      expect(await page.nextResult(recorder)).to.deep.include({ connectionId: el.connectionId, status: flow.status });
    });
  }
}
