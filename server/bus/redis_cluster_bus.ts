/**
 * {@linkcode Bus} over Redis Cluster sharded pub/sub (`SPUBLISH`/`SSUBSCRIBE`, Redis 7): a
 * channel lives on the shard that owns its hash slot, so rooms spread over the masters and each
 * master carries only its rooms' traffic, where classic `PUBLISH` would copy every event to every
 * node of the cluster. node-redis's cluster client opens one subscriber connection per master that
 * holds channels of ours. Payloads are JSON, as on {@linkcode createRedisBus}.
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import type { Bus } from "./bus.ts";
import { localChannels } from "./local_channels.ts";
import { type RedisClusterClient, watchTopology } from "./redis_cluster_client.ts";

/** Options for {@linkcode createRedisClusterBus}. */
export interface RedisClusterBusOptions {
  /**
   * The instance's cluster connection; the bus publishes and subscribes on it, keeps its map of
   * the cluster current (for presence and rate limits too) and closes it on `close`.
   */
  client: RedisClusterClient;
  /** Prefix of every channel name; default `chat:`. */
  prefix?: string;
  logger: Logger;
  /** Told of each publish that failed and was delivered locally instead (e.g. to count it). */
  onFailure?: (operation: "publish") => void;
}

/** Longest pause between attempts to subscribe while a shard has no reachable master, in ms. */
const MAX_RETRY_MS = 1000;

/**
 * Builds the bus on a connected cluster client.
 *
 * When a master fails, its replica takes over after the cluster's `cluster-node-timeout`; until
 * then `publish` delivers to this instance's own subscribers instead of failing, as on a single
 * Redis. Once the cluster map shows the new master, every channel is subscribed again (those on
 * the lost master went with its connection) and {@linkcode Bus.onReconnect} listeners run, so
 * subscribers catch up from the database on what was published meanwhile.
 */
export function createRedisClusterBus(
  { client, prefix = "chat:", logger, onFailure }: RedisClusterBusOptions,
): Bus {
  // `deliver` is one listener function for every channel: subscribing a channel again after a
  // failover adds nothing where it was still subscribed.
  const local = localChannels({ prefix, logger, onFailure });
  const { handlers, deliver } = local;
  const reconnectListeners: Array<() => void> = [];
  let closed = false;

  /** Subscribes `channel` on its shard, retrying while the shard has no reachable master. */
  async function shardSubscribe(channel: string) {
    for (let pause = 50;; pause = Math.min(pause * 2, MAX_RETRY_MS)) {
      try {
        await client.sSubscribe(prefix + channel, deliver);
        return;
      } catch (err) {
        // Given up when the channel was unsubscribed meanwhile, or the bus closed.
        if (closed || !handlers.has(channel)) throw err;
        logger.warn({ err: String(err), channel }, "bus subscribe failed: retrying");
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  async function resubscribeAll() {
    await Promise.allSettled([...handlers.keys()].map(shardSubscribe));
    if (closed) return;
    logger.info({ channels: handlers.size }, "redis cluster bus resubscribed");
    for (const listener of reconnectListeners) listener();
  }

  const stopWatching = watchTopology(client, logger, () => void resubscribeAll());

  return {
    publish(channel, event) {
      return local.publish(
        channel,
        event,
        () => client.sPublish(prefix + channel, JSON.stringify(event)),
      );
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (set) {
        set.add(handler);
        return;
      }
      handlers.set(channel, set = new Set([handler]));
      await shardSubscribe(channel);
    },
    async unsubscribe(channel, handler) {
      const set = handlers.get(channel);
      if (!set?.delete(handler) || set.size > 0) return;
      handlers.delete(channel);
      await client.sUnsubscribe(prefix + channel, deliver);
    },
    async ping() {
      // Every shard, not a random node: a channel on a shard without a master is not carried.
      await Promise.all(client.masters.map(async (m) => await (await client.nodeClient(m)).ping()));
    },
    onReconnect(listener) {
      reconnectListeners.push(listener);
    },
    async close() {
      closed = true;
      stopWatching();
      handlers.clear();
      await client.close().catch(() => {});
    },
  };
}
