/**
 * {@linkcode Bus} inside one process. Events are delivered in a later microtask, as they would be
 * over Redis, so a publisher never runs subscriber code before `publish` returns.
 *
 * @module
 */
import type { Bus, BusHandler } from "./bus.ts";

/** An in-process bus; several gateways may share one to act as separate instances in tests. */
export function createMemoryBus(): Bus {
  const channels = new Map<string, Set<BusHandler>>();
  let closed = false;
  return {
    async publish(channel, event) {
      if (closed) throw new Error("Bus is closed");
      const handlers = [...(channels.get(channel) ?? [])];
      await Promise.resolve();
      for (const handler of handlers) handler(event);
    },
    subscribe(channel, handler) {
      let set = channels.get(channel);
      if (!set) channels.set(channel, set = new Set());
      set.add(handler);
      return Promise.resolve();
    },
    unsubscribe(channel, handler) {
      const set = channels.get(channel);
      set?.delete(handler);
      if (set?.size === 0) channels.delete(channel);
      return Promise.resolve();
    },
    onReconnect() {
      // An in-process bus never loses its connection.
    },
    ping() {
      return closed ? Promise.reject(new Error("Bus is closed")) : Promise.resolve();
    },
    close() {
      closed = true;
      channels.clear();
      return Promise.resolve();
    },
  };
}
