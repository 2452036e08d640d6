/** Latency statistics for the benchmarks: nearest-rank percentiles and medians. */

/**
 * The nearest-rank percentile: the smallest value with at least `p` % of the
 * values at or below it, so always one of the values (with 10 runs, p95 is
 * the slowest run). Sorts a copy; no values give undefined (NaN once
 * rounded), as before.
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The nearest-rank p50: the middle value, or the lower of the two middle ones. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
