// The one summary of a set of timings, for the bench and the soak, so that "p95" means the same in every table.

/** Nearest-rank quantile of ascending, non-empty `sorted`: the smallest sample with at least `p` % at or below it. */
export function quantile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
}

/**
 * `{ n, min, median, p95, max }` of the finite `values` (a stamp never taken is left out; `n` counts the rest),
 * rounded to 0.01; `{ n: 0 }` when none is left.
 * @param {readonly number[]} values
 */
export function summary(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0 };
  const [min, median, p95, max] = [0, 50, 95, 100].map((p) => round(quantile(sorted, p)));
  return { n: sorted.length, min, median, p95, max };
}

/** States the definition where the figures are shown. */
export const QUANTILE_DEFINITION =
  'Medians and p95 are nearest-rank (`scripts/lib/summary.mjs`, shared by the bench and the soak): the smallest sample with at least 50 % (95 %) of the samples at or below it, so with fewer than 20 samples p95 is the largest one.';

/** `value` rounded to `digits` decimals. */
export function round(value, digits = 2) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
