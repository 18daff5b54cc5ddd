/**
 * A real server on an ephemeral port for end-to-end tests, over a fresh test database (see
 * `test_database.ts`) and, when REDIS_URL is set, a Redis bus with a channel prefix of its own.
 *
 * @module
 */
import { type App, createApp } from "../app.ts";
import { createAccessTokens } from "../auth/access_tokens.ts";
import { createPasswordHasher } from "../auth/password_hasher.ts";
import type { Bus } from "../bus/bus.ts";
import { createMemoryBus } from "../bus/memory_bus.ts";
import { createRedisBus } from "../bus/redis_bus.ts";
import { createLogger, type LOG_LEVELS } from "../logger.ts";
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
  /** Stops the server and drops its database. */
  close(): Promise<void>;
}

/** Options for {@linkcode startTestServer}. */
export interface TestServerOptions {
  /** Access token lifetime in seconds; default 900. */
  accessTokenTtl?: number;
}

/** Starts a server for one test. */
export async function startTestServer(
  { accessTokenTtl = 900 }: TestServerOptions = {},
): Promise<TestServer> {
  const level = (Deno.env.get("TEST_LOG_LEVEL") ?? "silent") as (typeof LOG_LEVELS)[number];
  const logger = createLogger(level);
  const database = await openTestDatabase();
  const redisUrl = Deno.env.get("REDIS_URL");
  const bus = redisUrl
    ? await createRedisBus({ url: redisUrl, prefix: `test:${crypto.randomUUID()}:`, logger })
    : createMemoryBus();
  const store = createStore(database.db);
  const hasher = createPasswordHasher({ cost: 4, workers: 1 });
  const secret = crypto.randomUUID() + crypto.randomUUID();
  const built = createApp({
    store,
    bus,
    hasher,
    accessTokens: createAccessTokens(secret, accessTokenTtl),
    refreshTokenTtl: 3600,
    logger,
    version: "test",
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
    async close() {
      await built.gateway.closeAll(1001, "test over");
      await server.shutdown();
      hasher.close();
      await bus.close();
      await database.close();
    },
  };
}
