/**
 * {@linkcode Bus} over Redis pub/sub (node-redis v5, RESP3): one connection publishes, a
 * dedicated one subscribes, as a connection in subscribe mode can issue no other commands.
 * Payloads are JSON, parsed with the `BusEvent` schema when they arrive (`local_channels.ts`).
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import type { Bus } from "./bus.ts";
import { localChannels } from "./local_channels.ts";
import type { RedisClient } from "./redis_client.ts";

/** Options for {@linkcode createRedisBus}. */
export interface RedisBusOptions {
  /** The instance's command connection; the bus publishes on it and closes it on `close`. */
  client: RedisClient;
  /** Prefix of every channel name; default `chat:`. */
  prefix?: string;
  logger: Logger;
  /**
   * Told of each publish that failed and was delivered locally instead (e.g. to count it);
   * failures that throw (subscribe) are the caller's to count.
   */
  onFailure?: (operation: "publish") => void;
}

/**
 * Opens the subscriber connection next to `client`.
 *
 * While Redis is down, `publish` delivers to this instance's own subscribers instead of failing,
 * so the instance keeps serving its connections; other instances catch up from the database when
 * the bus is back (see {@linkcode Bus.onReconnect}). node-redis reconnects the subscriber and
 * restores its subscriptions by itself.
 *
 * @throws when Redis does not answer
 */
export async function createRedisBus(
  { client: publisher, prefix = "chat:", logger, onFailure }: RedisBusOptions,
): Promise<Bus> {
  // The subscriber keeps its offline queue: subscriptions made during an outage go out on reconnect.
  const subscriber = publisher.duplicate({ disableOfflineQueue: false });
  subscriber.on("error", (err: Error) => logger.warn({ err: err.message }, "redis subscriber"));
  await subscriber.connect();
  const local = localChannels({ prefix, logger, onFailure });
  const { handlers, deliver } = local;
  const reconnectListeners: Array<() => void> = [];
  let connected = true;
  subscriber.on("end", () => connected = false);
  subscriber.on("error", () => connected = false);
  subscriber.on("ready", () => {
    if (connected) return;
    connected = true;
    logger.info({}, "redis bus reconnected");
    for (const listener of reconnectListeners) listener();
  });

  return {
    publish(channel, event) {
      return local.publish(
        channel,
        event,
        () => publisher.publish(prefix + channel, JSON.stringify(event)),
      );
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
    onReconnect(listener) {
      reconnectListeners.push(listener);
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}
