/**
 * Server configuration from environment variables, validated once at start-up by `main.ts`.
 *
 * @module
 */
import ms from "ms";
import { z } from "zod";
import { LOG_LEVELS } from "./logger.ts";
import { isProxyEntry } from "./http/client_ip.ts";
import type { RateLimitConfig } from "./limits/rate_limits.ts";

/** A duration like `15m`, `900s` or `30d` (the npm `ms` format), parsed to whole seconds. */
const Duration = z.string().transform((value, ctx) => {
  const millis = ms(value as ms.StringValue);
  if (typeof millis !== "number" || !Number.isFinite(millis) || millis < 1000) {
    ctx.addIssue({ code: "custom", message: `must be a duration of at least 1s, like 15m or 30d` });
    return z.NEVER;
  }
  return Math.floor(millis / 1000);
});

/** A rate like `100/1m`: a count of actions per duration, parsed to {points, seconds}. */
const RateSpec = z.string().transform((value, ctx) => {
  const [count, per] = value.split("/");
  const points = Number(count);
  const millis = per ? ms(per as ms.StringValue) : NaN;
  if (!Number.isInteger(points) || points < 1 || typeof millis !== "number" || !(millis >= 1000)) {
    ctx.addIssue({ code: "custom", message: "must be a rate like 100/1m or 20/10s" });
    return z.NEVER;
  }
  return { points, seconds: Math.floor(millis / 1000) };
});

/** `host:port,host:port,...`: seed nodes of a Redis Cluster, parsed to a list of `host:port`. */
const ClusterNodes = z.string().transform((value, ctx) => {
  const nodes = value.split(",").map((node) => node.trim()).filter((node) => node !== "");
  const bad = nodes.find((node) => {
    const match = /^([^\s:/]+):(\d{1,5})$/.exec(node);
    return !match || Number(match[2]) < 1 || Number(match[2]) > 65535;
  });
  if (nodes.length === 0 || bad !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: `must be host:port of cluster nodes, separated by commas${
        bad === undefined ? "" : `: "${bad}"`
      }`,
    });
    return z.NEVER;
  }
  return nodes;
});

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  CHAT_DATA_DIR: z.string().min(1).default("./data"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  REDIS_CLUSTER_NODES: ClusterNodes.optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  CHAT_ENV: z.enum(["development", "production", "test"]).optional(),
  NODE_ENV: z.string().optional(),
  ACCESS_TOKEN_TTL: Duration.default(15 * 60),
  REFRESH_TOKEN_TTL: Duration.default(30 * 24 * 60 * 60),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(10),
  // One core is left to the event loop: at 1,000 msg/s with logins going on, the benchmark measured
  // delivery p95 138 ms with a hashing worker on each of the 2 cores and 70 ms with one.
  HASH_WORKERS: z.coerce.number().int().min(1).max(64).default(
    Math.max(1, (navigator.hardwareConcurrency || 2) - 1),
  ),
  RATE_LIMIT_REST: RateSpec.default({ points: 100, seconds: 60 }),
  RATE_LIMIT_LOGIN: RateSpec.default({ points: 5, seconds: 15 * 60 }),
  RATE_LIMIT_LOGIN_IP: RateSpec.default({ points: 30, seconds: 60 }),
  RATE_LIMIT_REGISTER: RateSpec.default({ points: 10, seconds: 60 * 60 }),
  TRUSTED_PROXIES: z.string().transform((value, ctx) => {
    const entries = value.split(",").map((e) => e.trim()).filter((e) => e !== "");
    const bad = entries.filter((e) => !isProxyEntry(e));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `not an IP address or IPv4 CIDR range: ${bad.join(", ")}`,
      });
      return z.NEVER;
    }
    return entries;
  }).default([]),
  RATE_LIMIT_WS_SEND: RateSpec.default({ points: 20, seconds: 10 }),
  RATE_LIMIT_WS_BURST: RateSpec.default({ points: 10, seconds: 60 }),
  RATE_LIMIT_ROOM_MENTION: RateSpec.default({ points: 5, seconds: 60 * 60 }),
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(64 * 1024).default(1024 * 1024),
  WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
  SHUTDOWN_TIMEOUT: Duration.default(10),
  METRICS_TOKEN: z.string().optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  CORS_ORIGINS: z.string().transform((value, ctx) => {
    const origins = value.split(",").map((o) => o.trim()).filter((o) => o !== "");
    const bad = origins.filter((o) => !/^https?:\/\/[^/\s]+$/.test(o));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", message: `not an origin like https://chat.example: ${bad}` });
      return z.NEVER;
    }
    return origins;
  }).default([]),
  PRESENCE_TTL: Duration.default(60),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
});

/** The validated configuration. Durations are in seconds. */
export interface Config {
  port: number;
  host: string;
  /** Postgres URL, or undefined for embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Redis URL, or undefined for the in-process bus (or a cluster's). */
  redisUrl: string | undefined;
  /**
   * Seed nodes (`host:port`) of a Redis Cluster that carries the bus (sharded pub/sub), presence
   * and rate limits instead of a single Redis; undefined without one. Never set with `redisUrl`.
   */
  redisClusterNodes: string[] | undefined;
  /** Undefined in development: `main.ts` then keeps a generated secret in `dataDir`. */
  jwtSecret: string | undefined;
  production: boolean;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** bcrypt cost factor (log2 of rounds). */
  bcryptCost: number;
  /** Password hashing workers (threads); default one fewer than the CPU cores, at least 1. */
  hashWorkers: number;
  rateLimits: RateLimitConfig;
  /** Reverse proxies whose `X-Forwarded-For` names the client: addresses and IPv4 CIDR ranges. */
  trustedProxies: string[];
  /** Unsent bytes a WebSocket may hold; frames past it wait, up to 4 × it, then 4008. */
  wsMaxBufferedBytes: number;
  /** Sockets a user may hold on one instance; one more closes the oldest with 4409. */
  wsMaxSocketsPerUser: number;
  /** Seconds a graceful shutdown may take before the process exits anyway. */
  shutdownTimeout: number;
  /** Bearer token `GET /metrics` requires; undefined leaves it open. */
  metricsToken: string | undefined;
  /**
   * When set, `GET /metrics` is served on this port of {@linkcode metricsHost} instead of the
   * main listener.
   */
  metricsPort: number | undefined;
  /** Address of the metrics listener; default 127.0.0.1. */
  metricsHost: string;
  /** Origins allowed to read the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** Seconds a connection counts as online without a heartbeat (dead instances lapse). */
  presenceTtl: number;
  /** PEM files of the certificate (chain) and key to serve HTTPS and WSS with; undefined: HTTP. */
  tls: { certFile: string; keyFile: string } | undefined;
}

/** A configuration error; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * Reads the configuration from `env` (normally `Deno.env.toObject()`).
 *
 * @throws {ConfigError} naming every variable that is invalid, JWT_SECRET when it is missing
 * in production (CHAT_ENV or NODE_ENV = production), and TLS_CERT_FILE or TLS_KEY_FILE set alone
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = Env.safeParse(blanksRemoved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const production = (e.CHAT_ENV ?? e.NODE_ENV) === "production";
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES) {
    throw new ConfigError(
      "Invalid environment: REDIS_CLUSTER_NODES: set either REDIS_URL or REDIS_CLUSTER_NODES, not both",
    );
  }
  if (production && !e.JWT_SECRET) {
    throw new ConfigError("Invalid environment: JWT_SECRET: required in production");
  }
  // Metrics name users' activity and the server's internals: in production they are not served
  // to anyone who asks (issue 13).
  if (production && !e.METRICS_TOKEN && e.METRICS_PORT === undefined) {
    throw new ConfigError(
      "Invalid environment: METRICS_TOKEN: required in production, unless METRICS_PORT serves " +
        "/metrics on a listener of its own",
    );
  }
  if (!e.TLS_CERT_FILE !== !e.TLS_KEY_FILE) {
    throw new ConfigError(
      "Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE: set both or neither",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.CHAT_DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES,
    jwtSecret: e.JWT_SECRET,
    production,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    logLevel: e.LOG_LEVEL,
    bcryptCost: e.BCRYPT_COST,
    hashWorkers: e.HASH_WORKERS,
    rateLimits: {
      rest: e.RATE_LIMIT_REST,
      login: e.RATE_LIMIT_LOGIN,
      loginIp: e.RATE_LIMIT_LOGIN_IP,
      register: e.RATE_LIMIT_REGISTER,
      wsSend: e.RATE_LIMIT_WS_SEND,
      wsBurst: e.RATE_LIMIT_WS_BURST,
      roomMention: e.RATE_LIMIT_ROOM_MENTION,
    },
    trustedProxies: e.TRUSTED_PROXIES,
    wsMaxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
    wsMaxSocketsPerUser: e.WS_MAX_SOCKETS_PER_USER,
    shutdownTimeout: e.SHUTDOWN_TIMEOUT,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    corsOrigins: e.CORS_ORIGINS,
    presenceTtl: e.PRESENCE_TTL,
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE
      ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE }
      : undefined,
  };
}
