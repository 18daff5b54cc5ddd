/**
 * {@linkcode Bus} over Redis pub/sub (node-redis v5, RESP3): one connection publishes, a
 * dedicated one subscribes, as a connection in subscribe mode can issue no other commands.
 * Payloads are JSON, parsed with the {@linkcode BusEvent} schema when they arrive.
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import { type Bus, BusEvent, type BusHandler } from "./bus.ts";
import type { RedisClient } from "./redis_client.ts";

/** Options for {@linkcode createRedisBus}. */
export interface RedisBusOptions {
  /** The instance's command connection; the bus publishes on it and closes it on `close`. */
  client: RedisClient;
  /** Prefix of every channel name; default `chat:`. */
  prefix?: string;
  logger: Logger;
}

/**
 * Opens the subscriber connection next to `client`.
 *
 * @throws when Redis does not answer
 */
export async function createRedisBus(
  { client: publisher, prefix = "chat:", logger }: RedisBusOptions,
): Promise<Bus> {
  const subscriber = publisher.duplicate();
  subscriber.on("error", (err: Error) => logger.warn({ err: err.message }, "redis subscriber"));
  await subscriber.connect();
  const handlers = new Map<string, Set<BusHandler>>();

  function deliver(message: string, channel: string) {
    let event: BusEvent;
    try {
      event = BusEvent.parse(JSON.parse(message));
    } catch (err) {
      logger.error({ err: String(err), channel }, "unparseable bus event dropped");
      return;
    }
    for (const handler of handlers.get(channel.slice(prefix.length)) ?? []) handler(event);
  }

  return {
    async publish(channel, event) {
      await publisher.publish(prefix + channel, JSON.stringify(event));
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (set) {
        set.add(handler);
        return;
      }
      handlers.set(channel, set = new Set([handler]));
      await subscriber.subscribe(prefix + channel, deliver);
    },
    async unsubscribe(channel, handler) {
      const set = handlers.get(channel);
      if (!set?.delete(handler) || set.size > 0) return;
      handlers.delete(channel);
      await subscriber.unsubscribe(prefix + channel);
    },
    async ping() {
      await publisher.ping();
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}
