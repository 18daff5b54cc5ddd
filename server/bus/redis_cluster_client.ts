/**
 * The instance's Redis Cluster connection (node-redis v5 `createCluster`, RESP3), shared by the
 * sharded bus, presence and the rate limiter, and what keeps its map of the cluster current.
 *
 * @module
 */
import { createCluster } from "redis";
import type { Logger } from "../logger.ts";

function createResp3Cluster(seeds: readonly string[]) {
  return createCluster({
    rootNodes: seeds.map((address) => ({ url: `redis://${address}` })),
    RESP: 3,
    // As with a single Redis: while a shard is down its commands fail at once instead of piling
    // up, so the bus delivers locally, presence reads as unknown and rate limits use memory.
    defaults: { disableOfflineQueue: true },
  });
}

/** A connected node-redis cluster client speaking RESP3. */
export type RedisClusterClient = ReturnType<typeof createResp3Cluster>;

/**
 * Connects to the cluster through any of `seeds` (`host:port`), learning the other nodes from it.
 *
 * @throws when no seed answers at start-up
 */
export async function connectRedisCluster(
  seeds: readonly string[],
  logger: Logger,
): Promise<RedisClusterClient> {
  const client = createResp3Cluster(seeds);
  client.on("error", (err: Error) => logger.warn({ err: err.message }, "redis cluster"));
  await client.connect();
  return client;
}

/** The addresses of the masters serving slots, sorted: two maps differ when this does. */
export function masterAddresses(client: RedisClusterClient): string {
  return client.masters.map((m) => m.address).sort().join(",");
}

/**
 * Keeps `client`'s map of the cluster current when a node fails. node-redis re-reads the map only
 * when a node answers MOVED or ASK (node-redis issue #2806), and a master that was killed answers
 * nothing: its slots stay routed to it, failing, after its replica took over. So each time a
 * node's connection fails (`node-error`, repeated as node-redis retries it), the map is re-read
 * (at most one read at a time, and another after it when errors came meanwhile) until the failed
 * node has left it; its connections, with their sharded subscriptions, are then dropped.
 *
 * @param onChange called after a re-read that changed the set of masters; not awaited, so that
 * what it does (subscribing again) may itself wait for a later re-read
 * @returns stops watching
 */
export function watchTopology(
  client: RedisClusterClient,
  logger: Logger,
  onChange: () => void,
): () => void {
  let running = false;
  let again = false;
  let stopped = false;

  async function refresh() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const before = masterAddresses(client);
        const startWith = client.masters.find((m) => m.client?.isReady)?.client ??
          client.masters[0]?.client;
        if (stopped || !client.isOpen || !startWith) return;
        // `_slots.rediscover` is node-redis's own re-read (what it does on MOVED); a failed
        // `startWith` falls back to the seed nodes.
        await client._slots.rediscover(startWith);
        const after = masterAddresses(client);
        if (after !== before && !stopped) {
          logger.info({ before, after }, "redis cluster masters changed");
          onChange();
        }
        // Errors while the replica is still being promoted leave the map as it was: read again
        // after a pause rather than in a tight loop.
        if (again) await new Promise((resolve) => setTimeout(resolve, 100));
      } while (again && !stopped);
    } catch (err) {
      logger.warn({ err: String(err) }, "redis cluster map refresh failed");
    } finally {
      running = false;
    }
  }

  const onNodeError = () => void refresh();
  client.on("node-error", onNodeError);
  return () => {
    stopped = true;
    client.off("node-error", onNodeError);
  };
}
