// bench/results.md from the results bench/run.mjs writes to bench/results.json, with the soak of
// scripts/soak.mjs (bench/soak.json) under the table.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QUANTILE_DEFINITION } from '../scripts/lib/summary.mjs';

const bench = fileURLToPath(new URL('.', import.meta.url));

/** Writes bench/results.json and bench/results.md from `results`; returns the markdown. */
export function writeResults(results) {
  const markdown = toMarkdown(results);
  writeFileSync(`${bench}results.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${bench}results.md`, markdown);
  return markdown;
}

/** `results` with the soak of bench/soak.json, written by scripts/soak.mjs, when that file exists. */
export function withSoak(results) {
  const file = `${bench}soak.json`;
  if (!existsSync(file)) return results;
  try {
    return { ...results, soak: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    const why = error instanceof Error ? error.message : error;
    return { ...results, soak: { error: `bench/soak.json could not be read: ${why}` } };
  }
}

/** Rewrites bench/results.md from bench/results.json with the current bench/soak.json; returns the markdown. */
export function rerender() {
  return writeResults(withSoak(JSON.parse(readFileSync(`${bench}results.json`, 'utf8'))));
}

/** A figure in ms with three significant digits or so, '–' for none. */
export function fmt(value) {
  if (value === undefined) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** The table, the soak and how it was measured, as bench/results.md has them. */
export function toMarkdown(results) {
  const r = results.measures;
  const c = r.clickToOpen;
  const { noServerCheck, serverCheck } = r.closed;
  const rows = [
    [
      `Popup opened inside the click: click → \`window.open\` (n=${c.attempts})`,
      "in the click's task, with user activation",
      `${c.inClickTask}/${c.attempts} in the click's task, ${c.userActivation}/${c.attempts} with user activation, ` +
        `${c.popupOpened}/${c.attempts} opened; ${ms(c.delay)} after the click`,
    ],
    [
      `b.well's \`status-success\` message → \`connection-success\` (n=${r.message.latency.n})`,
      '≤ 2 ms median, same task',
      `${ms(r.message.latency)}; ${r.message.sameTask}/${r.message.latency.n} in the message's task` +
        unless('success', r.message.statuses),
    ],
    [
      `Whole round trip: click → \`connection-success\`, provider answering at once (n=${r.roundTrip.n})`,
      '—',
      ms(r.roundTrip),
    ],
    ...Object.values(r.poll)
      .sort((a, b) => a.interval - b.interval)
      .map((p) => [
        `Own redirect page, URL polled every ${p.interval} ms: page loaded → event (n=${p.latency.n})`,
        `≤ ${p.goal} ms`,
        `${ms(p.latency)}${unless('success', p.statuses)}`,
      ]),
    [
      `Popup closed → \`window_closed\`, \`no-server-check\` (n=${noServerCheck.latency.n})`,
      '≤ 1500 ms',
      `${ms(noServerCheck.latency)}${unless('window_closed', noServerCheck.statuses)}`,
    ],
    [
      `Popup closed → \`window_closed\`, with the server check (n=${serverCheck.latency.n})`,
      '—',
      `${ms(serverCheck.latency)}${unless('window_closed', serverCheck.statuses)}`,
    ],
    [
      `Load: fetch of the ${(r.load.bytes / 1024).toFixed(1)} KiB bundle from localhost (n=${r.load.total.n})`,
      '—',
      ms(r.load.fetch),
    ],
    ['Load: script evaluation and element definition', '—', ms(r.load.evaluate)],
    ['Load: first render (append → `updateComplete` and layout)', '—', ms(r.load.render)],
    ['Load: all of it (`import()` → rendered)', '—', ms(r.load.total)],
  ];
  const table = [
    '| What | Goal | Result |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`),
  ].join('\n');
  const soak = results.soak ? `\n${soakLines(results.soak)}\n` : '';
  return `${table}\n${soak}\n${QUANTILE_DEFINITION}\n\n${howMeasured(results)}\n`;
}

/** A summary as "median … ms, p95 … ms". */
function ms(s) {
  return s && s.n ? `median ${fmt(s.median)} ms, p95 ${fmt(s.p95)} ms` : 'no samples';
}

/** The statuses counted in `c`, only worth a word when some attempt ended otherwise than the measure expects. */
function unless(expected, c) {
  if (Object.keys(c).every((k) => k === expected)) return '';
  const list = Object.entries(c).map(([k, v]) => `${v}× ${k}`);
  return ` (statuses: ${list.join(', ')})`;
}

/** The paragraph under the table: when, on what, and how the pages stamp. */
function howMeasured(results) {
  const { machine: m, setup } = results;
  const n = setup.runs;
  return [
    `Measured ${results.date.slice(0, 10)} with \`npm run bench\` (${results.durationSeconds} s; `,
    `${n.message} message attempts, ${n.poll} per poll interval, ${n.closed} per closed-popup case, `,
    `${n.load} loads): ${m.chromium}, ${m.cpu}, ${m.cores} cores, Node ${m.node}; `,
    `load average ${m.loadAverageAtStart[0]} at the start, ${m.loadAverage[0]} at the end `,
    '(a shared machine: tails move with it). ',
    "Headless, popup blocker on, trusted mouse clicks; the emulator's API, provider and completion pages ",
    'on three 127.0.0.1 ports, the host page on localhost. ',
    'The pages stamp every latency themselves with `performance.now()`: capturing `click` and `message` ',
    "listeners, a wrapped `window.open`, the element's event listener; for the URL poll, the redirect page's ",
    'navigation timing (`responseEnd`, on the shared `performance.timeOrigin` clock); for the closed popup, ',
    'a 4 ms watch of `popup.closed` (by design the element waits up to one 500 ms poll plus a 1000 ms grace). ',
    'Provider delays are spread over the poll interval, so results land at every phase of the poll timer.',
  ].join('');
}

/** The soak (bench/soak.json, from scripts/soak.mjs) in three lines. */
function soakLines(soak) {
  if (soak.error) return `- Soak: ${soak.error}`;
  const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
  const statuses = Object.entries(soak.statuses)
    .map(([k, v]) => (v === soak.attempts ? `all \`${k}\`` : `${v}× \`${k}\``))
    .join(', ');
  const per = soak.perAttemptMs;
  const { left, probeMidAttempt: probe, heapUsedBytes: h } = soak;
  const timers = (kind) => probe.liveTimers.filter((t) => t === kind).length;
  const growth = h.after - h.afterWarmUp;
  const warmUp = Math.min(10, soak.attempts);
  const perAttempt = Math.round(growth / Math.max(1, soak.attempts - warmUp));
  return [
    `- **Soak** (\`npm run soak\`): ${soak.attempts} popup attempts in a row, ${statuses}; ` +
      `median ${fmt(per.median)} ms, p95 ${fmt(per.p95)} ms per attempt ` +
      `(provider answering after ${soak.flags.autoDelay} ms).`,
    `- **Left behind**: ${left.timeouts} timeouts, ${left.intervals} intervals, ` +
      `${left.messageListeners} \`message\` listeners, ${left.popups} popups (the same instruments, mid-attempt, ` +
      `see ${timers('timeout')} timeout, ${timers('interval')} interval, ${probe.messageListeners} listener, ` +
      `${probe.popups} popup).`,
    `- **JS heap after GC**: ${mb(h.before)} before, ${mb(h.afterWarmUp)} after ${warmUp} attempts, ` +
      `${mb(h.after)} after ${soak.attempts}: ${growth >= 0 ? '+' : '−'}${Math.round(Math.abs(growth) / 1000)} kB, ` +
      `about ${perAttempt} bytes per attempt.`,
  ].join('\n');
}
