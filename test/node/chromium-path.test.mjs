// Which Chromium the tests, the bench, the soak and the screenshots start (scripts/lib/chromium.mjs): CHROME_PATH,
// then CHROMIUM, then what chrome-launcher finds; a variable naming no executable, or nothing found, is an
// error that says what to install and what to set. The last tests run the lookup in a child process with a
// PATH of the test's own, so chrome-launcher's real search is what answers.
//   node --test test/node/chromium-path.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findChromium } from '../../scripts/lib/chromium.mjs';

const MODULE_URL = new URL('../../scripts/lib/chromium.mjs', import.meta.url).href;
const NOT_FOUND =
  /^No Chrome or Chromium found\. Install one \(Debian or Ubuntu: `apt-get install chromium`.*Set CHROME_PATH to/;

/** @type {string} */
let dir;
/** Stand-ins for browsers: the lookup only checks that a file is there and executable. */
let chrome = '';
let chromium = '';
let notExecutable = '';

/** @param {string} path */
function executable(path) {
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

/**
 * An installation list that fails the test when it is consulted.
 * @returns {never}
 */
function unused() {
  assert.fail('the installed browsers were searched although a variable named one');
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'chromium-path-'));
  chrome = executable(join(dir, 'chrome'));
  chromium = executable(join(dir, 'chromium'));
  notExecutable = join(dir, 'notes.txt');
  writeFileSync(notExecutable, 'not a browser');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  it('takes CHROME_PATH first, over CHROMIUM and over what is installed', () => {
    assert.equal(findChromium({ env: { CHROME_PATH: chrome, CHROMIUM: chromium }, installations: unused }), chrome);
  });

  it('takes CHROMIUM when CHROME_PATH is unset or empty', () => {
    assert.equal(findChromium({ env: { CHROMIUM: chromium }, installations: unused }), chromium);
    assert.equal(findChromium({ env: { CHROME_PATH: '', CHROMIUM: chromium }, installations: unused }), chromium);
  });

  it('takes the first installation found when neither variable is set', () => {
    assert.equal(findChromium({ env: {}, installations: () => [chromium, chrome] }), chromium);
  });

  for (const [what, path] of [
    ['a missing file', '/nonexistent/chrome'],
    ['a file that is not executable', () => notExecutable],
    ['a directory', () => dir],
  ]) {
    it(`fails on a CHROME_PATH that names ${what}, naming the variable, without searching elsewhere`, () => {
      const value = typeof path === 'function' ? path() : path;
      assert.throws(() => findChromium({ env: { CHROME_PATH: value, CHROMIUM: chromium }, installations: unused }), {
        message: `CHROME_PATH is ${value}, which is not an executable file. Set CHROME_PATH to a Chrome or Chromium executable (e.g. CHROME_PATH=/usr/bin/chromium npm test), or unset CHROME_PATH to use the one installed.`,
      });
    });
  }

  it('fails on a bad CHROMIUM the same way, naming CHROMIUM', () => {
    assert.throws(() => findChromium({ env: { CHROMIUM: '/nonexistent/chromium' }, installations: unused }), {
      message: /^CHROMIUM is \/nonexistent\/chromium, which is not an executable file\./,
    });
  });

  it('fails with what to install and what to set when nothing is found', () => {
    assert.throws(() => findChromium({ env: {}, installations: () => [] }), { message: NOT_FOUND });
  });
});

describe(
  'findChromium with chrome-launcher searching this machine',
  { skip: process.platform !== 'linux' && 'the search differs outside Linux' },
  () => {
    /**
     * Runs the lookup in a Node process with exactly `env`, and what it printed.
     * @param {Record<string, string>} env
     */
    function lookUp(env) {
      const script = `import { findChromium } from ${JSON.stringify(MODULE_URL)};
try { console.log(findChromium()); } catch (error) { console.error(error.message); process.exitCode = 1; }`;
      const { status, stdout, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env,
        encoding: 'utf8',
      });
      return { status, found: stdout.trim(), message: stderr.trim() };
    }

    it('finds a google-chrome-stable on PATH', () => {
      const bin = join(dir, 'bin');
      mkdirSync(bin, { recursive: true });
      const found = executable(join(bin, 'google-chrome-stable'));
      // The search also greps /usr/share/applications for browsers' .desktop entries, and an installed Chrome
      // found there would rank as high: this grep finds nothing. `which` and `awk` are the system's.
      writeFileSync(join(bin, 'grep'), '#!/bin/sh\nexit 1\n');
      chmodSync(join(bin, 'grep'), 0o755);
      const result = lookUp({ PATH: `${bin}:${process.env.PATH}`, HOME: dir });
      assert.deepEqual(result, { status: 0, found, message: '' });
    });

    it(
      'finds the browser of this machine when neither variable is set',
      {
        skip:
          (process.env.CHROME_PATH || process.env.CHROMIUM) &&
          'a variable names the browser here, which may be one no search finds',
      },
      (t) => {
        const result = lookUp({ PATH: String(process.env.PATH), HOME: dir });
        assert.equal(result.status, 0, result.message);
        assert.match(result.found, /chrom/i);
        t.diagnostic(`found ${result.found}`);
      },
    );

    it('fails with what to install and what to set when the machine has none', () => {
      // A PATH with nothing on it: neither a browser nor the tools the search runs.
      const empty = join(dir, 'empty');
      mkdirSync(empty, { recursive: true });
      const result = lookUp({ PATH: empty, HOME: dir });
      assert.equal(result.status, 1, `found ${result.found}`);
      assert.match(result.message, NOT_FOUND);
    });
  },
);
