// Click → the provider's page starts loading in the popup, for <bwell-connect> and for a page written as
// b.well's guide shows (await fetch(getOauthUrl), then window.open, then a message listener), side by side in
// one Chromium run: getOauthUrl answers after 150 ms (an emulator delay standing in for the internet), and the
// click is a human press (pointer down, 100 ms, up) or an instant one. Prints the table and the ratios, and
// writes bench/provider-start.json. Figures for reading: nothing here passes or fails.
import os from 'node:os';
import { parseOptions } from '../scripts/lib/options.mjs';
import { round, summary } from '../scripts/lib/summary.mjs';
import { buttonCentre, printTable, repeat, withBrowser, writeJson } from './harness.mjs';

const usage = 'usage: node bench/provider-start.mjs [--attempts N]   (default 40 per page and press; about a minute)';
const ATTEMPTS = Number(parseOptions(usage, { attempts: { type: 'string', default: '40' } }).attempts);
/** What b.well's API takes to answer over the internet, added by the emulator. */
const API_DELAY_MS = 150;
/** A person's press: the pointer goes down, and the click comes when it goes up. */
const PRESS_MS = 100;
const PRESSES = ['human', 'instant'];

const loadAverage = os.loadavg()[0];
const results = await withBrowser(async ({ host, emulator, browser }) => {
  const tab = await browser.newPage();
  const endpoint = new URL(emulator.endpoint);
  endpoint.searchParams.set('delay', String(API_DELAY_MS));

  /** One attempt: the press, then the provider's `performance.timeOrigin` less the click's stamp, in ms. */
  async function attempt(page, press, i) {
    const query = new URLSearchParams({ endpoint: endpoint.href, id: `bench-${page}-${press}-${i}` });
    await tab.goto(`${host.origin}/${page}.html?${query}`);
    const { x, y } = await buttonCentre(tab);
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
  for (const press of PRESSES) {
    for (const page of ['element', 'guide']) {
      results[`${page}/${press}`] = summary(await repeat(ATTEMPTS, (i) => attempt(page, press, i)));
    }
  }
  return results;
});

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
printTable([
  ['press', '<bwell-connect> median (p95)', "the guide's code median (p95)", 'ratio', 'goal'],
  ...PRESSES.map((press) => {
    const [e, g] = [results[`element/${press}`], results[`guide/${press}`]];
    return [press, `${e.median} (${e.p95})`, `${g.median} (${g.p95})`, report.ratio[press], report.goal[press]];
  }),
]);
writeJson('provider-start.json', report);
