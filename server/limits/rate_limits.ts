/**
 * Rate limits: REST requests per user, login attempts per IP, registrations per IP (issue 13,
 * failure 4), and WebSocket `send` frames per user with a burst allowance; failed logins per
 * (username, IP) are throttled with growing delays by `login_throttle.ts`. Counters live in Redis
 * (a single one or a cluster) when the instance has it, so a limit holds across instances, and in
 * memory otherwise (rate-limiter-flexible either way). If Redis fails, an in-memory limiter stands
 * in rather than letting requests fail.
 *
 * @module
 */
import {
  BurstyRateLimiter,
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { ChatError } from "../../shared/mod.ts";
import type { RedisClient } from "../bus/redis_client.ts";
import type { RedisClusterClient } from "../bus/redis_cluster_client.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { createLoginThrottle, type LoginThrottle } from "./login_throttle.ts";

/** `points` actions per `seconds`. */
export interface Rate {
  points: number;
  seconds: number;
}

/** The configured rates. */
export interface RateLimitConfig {
  /** REST requests per user; issue default 100 per minute. */
  rest: Rate;
  /**
   * Failed logins per (username, IP) before each further one doubles the wait; the window is how
   * long failures are remembered (see `login_throttle.ts`). Default 5 per 15 minutes.
   */
  login: Rate;
  /** Login attempts per IP, whatever the username; default 30 per minute. */
  loginIp: Rate;
  /** Registrations per IP; default 10 per hour (issue 13, failure 4). */
  register: Rate;
  /** WebSocket `send` frames per user; issue default 20 per 10 s. */
  wsSend: Rate;
  /** Extra `send` frames allowed in bursts on top of {@linkcode wsSend}. */
  wsBurst: Rate;
  /** Messages with `@room` per user (issue 14); default 5 per hour. */
  roomMention: Rate;
}

/** A refused action; `retryAfterSeconds` goes into the HTTP `Retry-After` header. */
export class RateLimitedError extends ChatError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super("rate_limited", message);
  }
}

/** The limits the HTTP and WebSocket layers check. */
export interface RateLimits {
  /** @throws {RateLimitedError} */
  rest(userId: string): Promise<void>;
  /** @throws {RateLimitedError} when the IP made too many login attempts */
  loginIp(ip: string): Promise<void>;
  /** @throws {RateLimitedError} when the IP registered too many accounts */
  register(ip: string): Promise<void>;
  /** Growing delays after failed logins of one username from one IP. */
  loginFailures: LoginThrottle;
  /** @throws {RateLimitedError} */
  wsSend(userId: string): Promise<void>;
  /** @throws {RateLimitedError} when the user sent too many `@room` messages */
  roomMention(userId: string): Promise<void>;
}

/** Options for {@linkcode createRateLimits}. */
export interface RateLimitOptions {
  /**
   * Keep the counters in Redis, shared by every instance using the same `keyPrefix`. On a Redis
   * Cluster each counter is one key, so each limit check runs on the shard of its key.
   */
  redis?: RedisClient | RedisClusterClient | undefined;
  /** Prefix of the counters' keys; default `chat:rl:`. */
  keyPrefix?: string;
  /**
   * Counts refusals by limit: `rest`, `login_ip`, `login_delay`, `register`, `ws_send`,
   * `room_mention`.
   */
  metrics?: Metrics;
}

/**
 * One limiter of `points` per `seconds`, named `name` under `keyPrefix`: in Redis (with an
 * in-memory stand-in while Redis fails) when `redis` is given, else in memory.
 */
export function createLimiter(
  name: string,
  { points, seconds }: Rate,
  { redis, keyPrefix = "chat:rl:" }: Pick<RateLimitOptions, "redis" | "keyPrefix">,
): RateLimiterAbstract {
  const options = { keyPrefix: keyPrefix + name, points, duration: seconds };
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    useRedisPackage: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** Builds the limiters. */
export function createRateLimits(
  config: RateLimitConfig,
  { redis, keyPrefix = "chat:rl:", metrics }: RateLimitOptions = {},
): RateLimits {
  const limiter = (name: string, rate: Rate) => createLimiter(name, rate, { redis, keyPrefix });
  const rest = limiter("rest", config.rest);
  const loginByIp = limiter("login_ip", config.loginIp);
  const registerByIp = limiter("register", config.register);
  const roomMention = limiter("room_mention", config.roomMention);
  const wsSend = new BurstyRateLimiter(
    limiter("ws_send", config.wsSend),
    limiter("ws_burst", config.wsBurst),
  );
  // Each limit's series is at 0 from the start, so that a first refusal already shows in rate().
  for (const limit of ["rest", "login_user", "login_ip", "ws_send"]) {
    metrics?.rateLimitRejections.inc({ limit }, 0);
  }

  async function consume(
    limiter: RateLimiterAbstract | BurstyRateLimiter,
    name: string,
    key: string,
    what: string,
  ) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      metrics?.rateLimitRejections.inc({ limit: name });
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new RateLimitedError(`Too many ${what}: retry in ${seconds} s`, seconds);
    }
  }

  return {
    rest: (userId) => consume(rest, "rest", userId, "requests"),
    loginIp: (ip) => consume(loginByIp, "login_ip", ip, "login attempts from this address"),
    register: (ip) => consume(registerByIp, "register", ip, "registrations from this address"),
    loginFailures: createLoginThrottle(config.login, { limiter, metrics }),
    wsSend: (userId) => consume(wsSend, "ws_send", userId, "messages"),
    roomMention: (userId) => consume(roomMention, "room_mention", userId, "@room mentions"),
  };
}
