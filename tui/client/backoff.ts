/**
 * Reconnect delays: exponential backoff with full jitter, as described in AWS's "Exponential
 * Backoff and Jitter" (2015). Full jitter spreads many clients that lost the same server over the
 * whole window, so a restarted server is not hit by all of them at once.
 *
 * @module
 */

/** Options for {@linkcode backoffDelay}. */
export interface BackoffOptions {
  /** Ceiling of the first attempt's window, in ms; default 500. */
  baseMs?: number;
  /** Largest ceiling, in ms; default 30,000. */
  maxMs?: number;
  /** A number in [0, 1); default `Math.random`. Injected by tests. */
  random?: () => number;
}

/**
 * The delay before reconnect attempt `attempt`: uniformly random in
 * `[0, min(maxMs, baseMs * 2 ** (attempt - 1)))`.
 *
 * @param attempt the attempt about to be made, 1 for the first retry; values below 1 count as 1
 * @param options window bounds and random source
 * @returns the delay in ms
 *
 * @example The first retry waits under half a second, later ones at most 30 s
 * ```ts
 * import { backoffDelay } from "./backoff.ts";
 * backoffDelay(1); // somewhere in [0, 500)
 * backoffDelay(20); // somewhere in [0, 30000)
 * ```
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, maxMs = 30_000, random = Math.random }: BackoffOptions = {},
): number {
  // The exponent is capped so that 2 ** n never overflows to Infinity for absurd attempts.
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
