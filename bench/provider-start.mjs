// Click → the provider's page starts loading in the popup, for <bwell-connect> and for a page written as
// b.well's guide shows (await fetch(getOauthUrl), then window.open, then a message listener), side by side in
// one Chromium run: getOauthUrl answers after 150 ms (an emulator delay standing in for the internet), and the
// click is a human press (pointer down, 100 ms, up) or an instant one. Prints the table and the ratios, and
// writes bench/provider-start.json. Figures for reading: nothing here passes or fails.
//
//   node bench/provider-start.mjs [--attempts N]   (default 40 per page and press; about a minute)
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.mjs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { ensureBundle, serveStatic } from '../scripts/static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const attemptsArg = process.argv.indexOf('--attempts');
const ATTEMPTS = attemptsArg > 0 ? Number(process.argv[attemptsArg + 1]) : 40;
/** What b.well's API takes to answer over the internet, added by the emulator. */
const API_DELAY_MS = 150;
/** A person's press: the pointer goes down, and the click comes when it goes up. */
const PRESS_MS = 100;

await ensureBundle(root);
const page = (name) => ({ type: 'text/html; charset=utf-8', file: `${root}bench/pages/${name}` });
const host = await serveStatic({
  '/element.html': page('element.html'),
  '/guide.html': page('guide.html'),
  // Read once: a rebuild of dist/ during the run must not break it.
  '/bwell-connect.min.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(`${root}dist/bwell-connect.min.js`, 'utf8'),
  },
});
const emulator = await startEmulator({ hostOrigin: host.origin });
const browser = await launchChromium(); // popup blocker on, as users have it
const loadAverage = os.loadavg()[0];

/** One attempt: the press, then the provider's `performance.timeOrigin` less the click's stamp, in ms. */
async function attempt(tab, pageName, press, i) {
  const endpoint = new URL(emulator.endpoint);
  endpoint.searchParams.set('delay', String(API_DELAY_MS));
  const query = new URLSearchParams({ endpoint: endpoint.href, id: `bench-${pageName}-${press}-${i}` });
  await tab.goto(`${host.origin}/${pageName}?${query}`);
  const { x, y } = await tab.evaluate(async () => {
    const el = document.getElementById('el');
    if (el.localName === 'bwell-connect') {
      await customElements.whenDefined('bwell-connect');
      await el.updateComplete;
    }
    const box = (el.shadowRoot?.querySelector('button') ?? el).getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  const popupTarget = browser.waitForTarget(
    (target) => target.opener() === tab.target() && target.url().startsWith(emulator.providerOrigin),
    { timeout: 10_000 },
  );
  await tab.mouse.move(x, y);
  await tab.mouse.down();
  if (press === 'human') await new Promise((resolve) => setTimeout(resolve, PRESS_MS));
  await tab.mouse.up();
  const popup = await (await popupTarget).page();
  const providerStart = await popup.evaluate(() => performance.timeOrigin);
  const clickedAt = await tab.evaluate(() => window.clickedAt);
  await popup.close();
  return providerStart - clickedAt;
}

const results = {};
try {
  const tab = await browser.newPage();
  for (const press of ['human', 'instant']) {
    for (const pageName of ['element.html', 'guide.html']) {
      const times = [];
      for (let i = 0; i < ATTEMPTS; i++) times.push(await attempt(tab, pageName, press, i));
      results[`${pageName.replace('.html', '')}/${press}`] = summary(times);
    }
  }
} finally {
  await browser.close();
  await emulator.close();
  await host.close();
}

const ratio = (press) => round(results[`element/${press}`].median / results[`guide/${press}`].median);
const report = {
  date: new Date().toISOString(),
  what:
    'click → provider navigation start, ms ' +
    `(getOauthUrl answers after ${API_DELAY_MS} ms; human press: ${PRESS_MS} ms down)`,
  attempts: ATTEMPTS,
  loadAverage: round(loadAverage),
  results,
  ratio: { human: ratio('human'), instant: ratio('instant') },
  goal: { human: '≤ 0.7', instant: '≤ 1.0' },
};
console.log(report.what);
console.log("press     <bwell-connect> median (p95)   the guide's code median (p95)   ratio   goal");
for (const press of ['human', 'instant']) {
  const e = results[`element/${press}`];
  const g = results[`guide/${press}`];
  const cells = [
    press.padEnd(8),
    `${e.median} (${e.p95})`.padEnd(29),
    `${g.median} (${g.p95})`.padEnd(30),
    String(report.ratio[press]).padEnd(6),
    report.goal[press],
  ];
  console.log(cells.join('  '));
}
writeFileSync(`${root}bench/provider-start.json`, `${JSON.stringify(report, null, 2)}\n`);
