/**
 * What the Redis buses (single Redis and Cluster) share: this instance's handlers per channel,
 * delivery of what arrives from Redis to them, and the fallback of `publish` while Redis cannot
 * be reached.
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import { type BusEvent, type BusHandler, decodeBusEvent } from "./bus.ts";

/** Options for {@linkcode localChannels}. */
export interface LocalChannelsOptions {
  /** Prefix of every channel name in Redis, e.g. `chat:`. */
  prefix: string;
  logger: Logger;
  /** Told of each publish that failed and was delivered locally instead (e.g. to count it). */
  onFailure?: (operation: "publish") => void;
}

/** The channels this instance subscribes to, and delivery to their handlers. */
export interface LocalChannels {
  /** Handlers by channel name (without the prefix). */
  readonly handlers: Map<string, Set<BusHandler>>;
  /** Calls every handler of `channel` with `event`. */
  dispatch(channel: string, event: BusEvent): void;
  /**
   * The Redis listener: decodes a message of a prefixed channel and dispatches it; a message that
   * does not decode is dropped and logged. One function for every channel (node-redis keeps
   * listeners in a set per channel, so subscribing again adds nothing).
   */
  deliver(message: string, prefixedChannel: string): void;
  /**
   * Publishes with `send`. When `send` rejects (Redis unreachable), tells `onFailure`, logs a
   * warning and delivers `event` to this instance's own handlers instead, so the instance keeps
   * serving its connections; other instances catch up from the database when the bus is back.
   * Never rejects.
   */
  publish(channel: string, event: BusEvent, send: () => Promise<unknown>): Promise<void>;
}

/** Creates the handler map and its delivery for one bus. */
export function localChannels({ prefix, logger, onFailure }: LocalChannelsOptions): LocalChannels {
  const handlers = new Map<string, Set<BusHandler>>();
  const dispatch = (channel: string, event: BusEvent) => {
    for (const handler of handlers.get(channel) ?? []) handler(event);
  };
  return {
    handlers,
    dispatch,
    deliver(message, prefixedChannel) {
      let event: BusEvent;
      try {
        event = decodeBusEvent(message);
      } catch (err) {
        logger.error(
          { err: String(err), channel: prefixedChannel },
          "unparseable bus event dropped",
        );
        return;
      }
      dispatch(prefixedChannel.slice(prefix.length), event);
    },
    async publish(channel, event, send) {
      try {
        await send();
      } catch (err) {
        onFailure?.("publish");
        logger.warn({ err: String(err), channel }, "bus publish failed: delivering locally");
        dispatch(channel, event);
      }
    },
  };
}
