/**
 * The server process: reads the configuration once, opens the database (migrating it) and the
 * bus (in-process, Redis or Redis Cluster), builds the application and serves it until SIGINT or
 * SIGTERM.
 *
 * @module
 */
import denoJson from "../deno.json" with { type: "json" };
import { createApp } from "./app.ts";
import { createAccessTokens } from "./auth/access_tokens.ts";
import { resolveJwtSecret } from "./auth/jwt_secret.ts";
import { createPasswordHasher } from "./auth/password_hasher.ts";
import type { Bus } from "./bus/bus.ts";
import { createMemoryBus } from "./bus/memory_bus.ts";
import { createRedisBus } from "./bus/redis_bus.ts";
import { connectRedis } from "./bus/redis_client.ts";
import { createRedisClusterBus } from "./bus/redis_cluster_bus.ts";
import { connectRedisCluster, masterAddresses } from "./bus/redis_cluster_client.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { loadMigrations, migrate } from "./db/migrate.ts";
import { openDatabase } from "./db/open_database.ts";
import { metricsRoutes } from "./http/metrics_routes.ts";
import { createRateLimits } from "./limits/rate_limits.ts";
import { createLogger } from "./logger.ts";
import { instrumentBus } from "./metrics/instrument_bus.ts";
import { instrumentExecutor } from "./metrics/instrument_executor.ts";
import { createMetrics } from "./metrics/metrics.ts";
import { createMemoryPresence } from "./presence/memory_presence.ts";
import { createRedisPresence } from "./presence/redis_presence.ts";
import { createStore } from "./store/store.ts";
import { traceBus } from "./tracing/trace_bus.ts";
import { CLOSE_CODES, PROTOCOL_VERSION } from "../shared/mod.ts";

if (Deno.args.includes("--version")) {
  console.log(`chat-server ${denoJson.version} (protocol ${PROTOCOL_VERSION})`);
  Deno.exit(0);
}

let config: Config;
try {
  config = loadConfig(Deno.env.toObject());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`chat-server: ${err.message}`);
  Deno.exit(1);
}

const logger = createLogger(config.logLevel, { instance: crypto.randomUUID().slice(0, 8) });
const metrics = createMetrics();
const { db, description } = await openDatabase(config);
const applied = await migrate(db, await loadMigrations());
logger.info({ database: description, applied }, "database ready");
const store = createStore(instrumentExecutor(db, metrics), {
  onBatch: (size) => metrics.appendBatchSize.observe(size),
});

const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
const cluster = config.redisClusterNodes
  ? await connectRedisCluster(config.redisClusterNodes, logger)
  : undefined;
const onFailure = (operation: "publish") => metrics.busFailures.inc({ operation });
const bus: Bus = traceBus(instrumentBus(
  redis
    ? await createRedisBus({ client: redis, logger, onFailure })
    : cluster
    ? createRedisClusterBus({ client: cluster, logger, onFailure })
    : createMemoryBus(),
  metrics,
));
if (config.redisUrl) logger.info({ redis: new URL(config.redisUrl).host }, "redis bus connected");
if (cluster) logger.info({ masters: masterAddresses(cluster) }, "redis cluster bus connected");
/** Where presence and rate limit counters live: the Redis or the cluster of the bus. */
const sharedRedis = redis ?? cluster;

const hasher = createPasswordHasher({ cost: config.bcryptCost, workers: config.hashWorkers });
const accessTokens = createAccessTokens(
  await resolveJwtSecret(config, logger),
  config.accessTokenTtl,
);
const { app, gateway } = createApp({
  store,
  bus,
  hasher,
  accessTokens,
  refreshTokenTtl: config.refreshTokenTtl,
  logger,
  version: denoJson.version,
  limits: createRateLimits(config.rateLimits, { redis: sharedRedis, metrics }),
  trustedProxies: config.trustedProxies,
  wsMaxBufferedBytes: config.wsMaxBufferedBytes,
  wsMaxSocketsPerUser: config.wsMaxSocketsPerUser,
  metrics,
  metricsToken: config.metricsToken,
  serveMetrics: config.metricsPort === undefined,
  corsOrigins: config.corsOrigins,
  presence: sharedRedis
    ? createRedisPresence(sharedRedis, config.presenceTtl * 1000)
    : createMemoryPresence(config.presenceTtl * 1000),
  presenceTtlMs: config.presenceTtl * 1000,
});

/** The PEM pair of TLS_CERT_FILE and TLS_KEY_FILE as the files hold it now; undefined: HTTP. */
async function readTls(): Promise<{ cert: string; key: string } | undefined> {
  if (!config.tls) return undefined;
  const [cert, key] = await Promise.all([
    Deno.readTextFile(config.tls.certFile),
    Deno.readTextFile(config.tls.keyFile),
  ]);
  return { cert, key };
}

/** Serves the app; with a certificate, HTTPS and WSS, HTTP/2 offered over ALPN. */
function serve(tls: { cert: string; key: string } | undefined): Deno.HttpServer {
  return Deno.serve({
    port: config.port,
    hostname: config.host,
    ...tls,
    onListen: ({ hostname, port }) => logger.info({ hostname, port, tls: !!tls }, "listening"),
  }, app.fetch);
}

let server = serve(await readTls());
let reloading: Promise<void> | undefined;

/**
 * SIGHUP: serve the certificate and key the files hold now. Deno cannot change the certificate
 * of a running `Deno.serve`, and its shutdown closes upgraded WebSockets (1001), so the listener
 * restarts: sockets are closed with 1012 first (clients resume on reconnect, nothing is lost),
 * requests in flight finish, then the new listener starts. A pair that does not load is refused
 * before anything stops, and the current one stays.
 */
async function reloadTls(): Promise<void> {
  let tls: { cert: string; key: string } | undefined;
  try {
    tls = await readTls();
    Deno.listenTls({ hostname: "127.0.0.1", port: 0, ...tls! }).close();
  } catch (err) {
    logger.error({ err: String(err) }, "TLS reload failed: the current certificate stays");
    return;
  }
  await gateway.closeAll(CLOSE_CODES.serviceRestart.code, "certificate reload");
  await server.shutdown();
  if (stopping) return;
  server = serve(tls);
  logger.info({ cert: config.tls!.certFile }, "TLS certificate reloaded");
}

// METRICS_PORT: /metrics on a listener of its own, e.g. bound to an address only the scraper
// reaches.
const metricsServer = config.metricsPort === undefined ? undefined : Deno.serve({
  port: config.metricsPort,
  hostname: config.metricsHost,
  onListen: ({ hostname, port }) => logger.info({ hostname, port }, "metrics listening"),
}, metricsRoutes({ metrics, token: config.metricsToken }).fetch);

let stopping = false;

/**
 * Graceful shutdown: refuse new sockets, finish the frames already received (stored and
 * acknowledged), close sockets with 1012 so clients reconnect at once, let in-flight HTTP
 * requests finish, then close connections. Past SHUTDOWN_TIMEOUT the process exits anyway.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  const deadline = setTimeout(() => {
    logger.error({ timeout_s: config.shutdownTimeout }, "shutdown timed out");
    Deno.exit(1);
  }, config.shutdownTimeout * 1000);
  await reloading;
  await gateway.shutdown();
  await server.shutdown();
  await metricsServer?.shutdown();
  hasher.close();
  await bus.close();
  await store.close();
  clearTimeout(deadline);
  logger.info({}, "stopped");
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", () => shutdown("SIGINT"));
Deno.addSignalListener("SIGTERM", () => shutdown("SIGTERM"));
if (config.tls) {
  Deno.addSignalListener("SIGHUP", () => {
    if (stopping || reloading) return;
    reloading = reloadTls().finally(() => reloading = undefined);
  });
}
