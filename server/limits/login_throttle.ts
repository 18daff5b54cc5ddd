/**
 * Throttling of password guessing without a lockout (issue 13, failure 3). Failed logins are
 * counted per (username, client IP): the first `points` within the window cost nothing, and each
 * further failure makes that pair wait before its next attempt, twice as long each time (1 s,
 * 2 s, 4 s… at most the window). The username alone is never blocked, so its owner logging in
 * from another address is not refused however hard someone guesses, and a successful login clears
 * the pair's count. Attempts per IP, whatever the username, have their own limit
 * (`RATE_LIMIT_LOGIN_IP`). This is the OWASP Authentication Cheat Sheet's advice: throttle per
 * account and source with growing delays rather than lock accounts, which hands attackers a
 * denial of service.
 *
 * @module
 */
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { Metrics } from "../metrics/metrics.ts";
import { type Rate, RateLimitedError } from "./rate_limits.ts";

/** Growing delays after failed logins. */
export interface LoginThrottle {
  /**
   * Refuses an attempt of `username` from `ip` while the pair must wait.
   * @throws {RateLimitedError} with the seconds left
   */
  check(username: string, ip: string): Promise<void>;
  /** Counts a failed attempt; past the free ones, the pair waits before the next. */
  failed(username: string, ip: string): Promise<void>;
  /** Forgets the pair's failures. */
  succeeded(username: string, ip: string): Promise<void>;
}

/** What {@linkcode createLoginThrottle} needs. */
export interface LoginThrottleOptions {
  /** Makes a named limiter (in Redis in services mode, so every instance sees the same count). */
  limiter: (name: string, rate: Rate) => RateLimiterAbstract;
  metrics?: Metrics | undefined;
}

/**
 * The wait after failure number `failures`, in seconds: 0 for the first `free`, then 1, 2, 4…
 * up to `max`.
 *
 * @example
 * ```ts
 * import { loginDelaySeconds } from "./login_throttle.ts";
 * [5, 6, 7, 8].map((n) => loginDelaySeconds(n, 5, 900)); // [0, 1, 2, 4]
 * ```
 */
export function loginDelaySeconds(failures: number, free: number, max: number): number {
  if (failures <= free) return 0;
  return Math.min(max, 2 ** Math.min(30, failures - free - 1));
}

/**
 * A {@linkcode LoginThrottle}: `rate.points` free failures per (username, IP), remembered for
 * `rate.seconds` from the first.
 */
export function createLoginThrottle(
  rate: Rate,
  { limiter, metrics }: LoginThrottleOptions,
): LoginThrottle {
  // Counts failures; never refuses by itself (penalty does not throw).
  const failures = limiter("login_failures", { points: 1_000_000, seconds: rate.seconds });
  // Blocked while the pair must wait; one attempt per window otherwise, never consumed.
  const gate = limiter("login_delay", { points: 1, seconds: rate.seconds });
  const key = (username: string, ip: string) => `${ip} ${username}`;

  return {
    async check(username, ip) {
      const res = await gate.get(key(username, ip));
      if (!(res instanceof RateLimiterRes) || res.consumedPoints <= 1) return;
      metrics?.rateLimitRejections.inc({ limit: "login_delay" });
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new RateLimitedError(
        `Too many failed logins for this username from this address: retry in ${seconds} s`,
        seconds,
      );
    },
    async failed(username, ip) {
      const { consumedPoints } = await failures.penalty(key(username, ip));
      const delay = loginDelaySeconds(consumedPoints, rate.points, rate.seconds);
      if (delay > 0) await gate.block(key(username, ip), delay);
    },
    async succeeded(username, ip) {
      await Promise.all([failures.delete(key(username, ip)), gate.delete(key(username, ip))]);
    },
  };
}
