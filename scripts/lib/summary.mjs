// The one summary of a set of timings, for the bench and the soak, so that "p95" means the same in every table.

/**
 * Nearest-rank quantile: the smallest sample with at least `p` % of the samples at or below it. With few samples
 * the high quantiles are the maximum (p95 of 19 samples or fewer is the largest one).
 * @param {readonly number[]} sorted ascending, not empty
 * @param {number} p percent, 0 < p ≤ 100
 */
export function quantile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
}

/**
 * @typedef {{ n: 0 } | { n: number, min: number, median: number, p95: number, max: number }} Summary
 *   in the samples' unit, rounded to 0.01; `median` is the nearest-rank p50 (for an even count, the lower middle).
 */

/**
 * Non-finite values (a stamp that was never taken) are left out, and `n` says how many counted.
 * @param {readonly number[]} values
 * @returns {Summary}
 */
export function summary(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0 };
  return {
    n: sorted.length,
    min: round(sorted[0]),
    median: round(quantile(sorted, 50)),
    p95: round(quantile(sorted, 95)),
    max: round(sorted[sorted.length - 1]),
  };
}

/** States the definition where the figures are shown. */
export const QUANTILE_DEFINITION =
  'Medians and p95 are nearest-rank (`scripts/lib/summary.mjs`, shared by the bench and the soak): the smallest sample with at least 50 % (95 %) of the samples at or below it, so with fewer than 20 samples p95 is the largest one.';

/**
 * @param {number} value
 * @param {number} [digits]
 */
export function round(value, digits = 2) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
