/**
 * Percentile summaries of samples, in milliseconds.
 *
 * @module
 */

/** p50/p95/p99/max of a set of samples; all null when there were none. */
export interface Summary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Summarises `samples` (sorted in place) by nearest-rank percentiles.
 *
 * @param samples durations in ms
 * @returns the count, p50, p95, p99 and max, each rounded to 0.1 ms
 *
 * @example Four samples
 * ```ts
 * import { summarise } from "./_stats.ts";
 *
 * summarise([4, 1, 3, 2]); // { count: 4, p50: 2, p95: 4, p99: 4, max: 4 }
 * ```
 */
export function summarise(samples: number[]): Summary {
  if (samples.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  samples.sort((a, b) => a - b);
  const at = (q: number) => {
    const rank = Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1));
    return Math.round(samples[rank]! * 10) / 10;
  };
  return { count: samples.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}
