/**
 * A real server on an ephemeral port for end-to-end tests, over a fresh test database (see
 * `test_database.ts`) and, when REDIS_URL is set, a Redis bus and rate limiter with a key prefix
 * of their own (or, when asked, the same on a Redis Cluster). A second server can share the first
 * one's database, bus and signing secret, as a second instance behind a load balancer would.
 *
 * @module
 */
import { type App, createApp } from "../app.ts";
import { createAccessTokens } from "../auth/access_tokens.ts";
import { createPasswordHasher } from "../auth/password_hasher.ts";
import type { Bus } from "../bus/bus.ts";
import { createMemoryBus } from "../bus/memory_bus.ts";
import { createRedisBus } from "../bus/redis_bus.ts";
import { connectRedis } from "../bus/redis_client.ts";
import { createRedisClusterBus } from "../bus/redis_cluster_bus.ts";
import { connectRedisCluster } from "../bus/redis_cluster_client.ts";
import { createRateLimits, type RateLimitConfig } from "../limits/rate_limits.ts";
import { createLogger, type LOG_LEVELS, type Logger } from "../logger.ts";
import { instrumentBus } from "../metrics/instrument_bus.ts";
import { instrumentExecutor } from "../metrics/instrument_executor.ts";
import { createMetrics, type Metrics } from "../metrics/metrics.ts";
import { createMemoryPresence } from "../presence/memory_presence.ts";
import type { Presence } from "../presence/presence.ts";
import { createRedisPresence } from "../presence/redis_presence.ts";
import { createStore, type Store } from "../store/store.ts";
import { openTestDatabase } from "./test_database.ts";

/** A running test server. */
export interface TestServer extends App {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>/api/v1/ws` */
  wsUrl: string;
  store: Store;
  bus: Bus;
  /** The secret that signs access tokens, shared by servers started with `sharing`. */
  jwtSecret: string;
  /** Prefix of Redis keys and channels, shared by servers started with `sharing`. */
  prefix: string;
  /** This server's metrics, as `GET /metrics` serves them. */
  metrics: Metrics;
  /** Where presence is kept, shared by servers started with `sharing`. */
  presence: Presence;
  /** Stops the server and, unless it shares another's, drops its database. */
  close(): Promise<void>;
}

/** Options for {@linkcode startTestServer}. */
export interface TestServerOptions {
  /** Access token lifetime in seconds; default 900. */
  accessTokenTtl?: number;
  /** Rate limits; default generous ones, so that only tests that set them meet them. */
  rateLimits?: Partial<RateLimitConfig>;
  /** Unsent bytes a WebSocket may hold before 4008; default 1 MiB. */
  wsMaxBufferedBytes?: number;
  /** Share this server's database, bus and secret, as a second instance would. */
  sharing?: TestServer;
  /** METRICS_TOKEN: `GET /metrics` then requires it. */
  metricsToken?: string;
  /** The server's logger; default one at TEST_LOG_LEVEL (silent when unset). */
  logger?: Logger;
  /** Presence TTL in ms; default 60,000. */
  presenceTtlMs?: number;
  /** Redis to use instead of REDIS_URL (e.g. a private one the test stops and starts). */
  redisUrl?: string;
  /**
   * Seed nodes (`host:port,...`) of a Redis Cluster to use instead of REDIS_URL, as
   * REDIS_CLUSTER_NODES would give them; see `redis_cluster.ts`.
   */
  redisClusterNodes?: string;
  /** TRUSTED_PROXIES: whose `X-Forwarded-For` is believed; default none. */
  trustedProxies?: string[];
  /** CORS_ORIGINS: origins that may read the API from a browser; default none. */
  corsOrigins?: string[];
  /** WS_MAX_SOCKETS_PER_USER; default 20. */
  wsMaxSocketsPerUser?: number;
}

const GENEROUS = { points: 100_000, seconds: 60 };

/** Starts a server for one test. */
export async function startTestServer(
  {
    accessTokenTtl = 900,
    rateLimits = {},
    wsMaxBufferedBytes = 1024 * 1024,
    sharing,
    metricsToken,
    logger: givenLogger,
    presenceTtlMs = 60_000,
    redisClusterNodes,
    redisUrl = redisClusterNodes ? undefined : Deno.env.get("REDIS_URL"),
    trustedProxies,
    corsOrigins,
    wsMaxSocketsPerUser,
  }: TestServerOptions = {},
): Promise<TestServer> {
  const level = (Deno.env.get("TEST_LOG_LEVEL") ?? "silent") as (typeof LOG_LEVELS)[number];
  const logger = givenLogger ?? createLogger(level);
  const metrics = createMetrics();
  const database = sharing ? null : await openTestDatabase();
  const store = sharing?.store ?? createStore(instrumentExecutor(database!.db, metrics), {
    onBatch: (size) => metrics.appendBatchSize.observe(size),
  });
  const prefix = sharing?.prefix ?? `test:${crypto.randomUUID()}:`;
  const jwtSecret = sharing?.jwtSecret ?? crypto.randomUUID() + crypto.randomUUID();
  const redis = redisUrl ? await connectRedis(redisUrl, logger) : undefined;
  const cluster = redisClusterNodes
    ? await connectRedisCluster(redisClusterNodes.split(","), logger)
    : undefined;
  const onFailure = (operation: "publish") => metrics.busFailures.inc({ operation });
  const bus = redis
    ? instrumentBus(await createRedisBus({ client: redis, prefix, logger, onFailure }), metrics)
    : cluster
    ? instrumentBus(createRedisClusterBus({ client: cluster, prefix, logger, onFailure }), metrics)
    : sharing?.bus ?? instrumentBus(createMemoryBus(), metrics);
  const sharedRedis = redis ?? cluster;
  const hasher = createPasswordHasher({ cost: 4, workers: 1 });
  const presence = sharedRedis
    ? createRedisPresence(sharedRedis, presenceTtlMs, prefix)
    : sharing?.presence ?? createMemoryPresence(presenceTtlMs);
  const built = createApp({
    store,
    bus,
    hasher,
    accessTokens: createAccessTokens(jwtSecret, accessTokenTtl),
    refreshTokenTtl: 3600,
    logger,
    version: "test",
    limits: createRateLimits(
      {
        rest: GENEROUS,
        login: GENEROUS,
        loginIp: GENEROUS,
        register: GENEROUS,
        wsSend: GENEROUS,
        wsBurst: GENEROUS,
        roomMention: GENEROUS,
        ...rateLimits,
      },
      { redis: sharedRedis, keyPrefix: `${prefix}rl:`, metrics },
    ),
    wsMaxBufferedBytes,
    metrics,
    metricsToken,
    presence,
    presenceTtlMs,
    trustedProxies,
    corsOrigins,
    wsMaxSocketsPerUser,
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    built.app.fetch,
  );
  const { port } = server.addr;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/api/v1/ws`,
    store,
    bus,
    jwtSecret,
    prefix,
    metrics,
    presence,
    async close() {
      await built.gateway.shutdown();
      await server.shutdown();
      hasher.close();
      if (sharedRedis || !sharing) await bus.close();
      await database?.close();
    },
  };
}
