/**
 * The instance's Redis command connection (node-redis v5, RESP3), shared by the bus (which opens
 * its own subscriber connection from it) and the rate limiter.
 *
 * @module
 */
import { createClient } from "redis";
import type { Logger } from "../logger.ts";

function createResp3Client(url: string) {
  // Without the offline queue, commands fail at once while Redis is down instead of piling up:
  // the bus then delivers locally, presence reads as unknown and rate limits fall back to memory.
  return createClient({ url, RESP: 3, disableOfflineQueue: true });
}

/** A connected node-redis client speaking RESP3. */
export type RedisClient = ReturnType<typeof createResp3Client>;

/**
 * Connects to `url` (`redis://host:port`). Connection errors after start-up are logged and
 * node-redis reconnects by itself; while it is down, commands reject immediately.
 *
 * @throws when Redis does not answer at start-up
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createResp3Client(url);
  client.on("error", (err: Error) => logger.warn({ err: err.message }, "redis"));
  await client.connect();
  return client;
}
