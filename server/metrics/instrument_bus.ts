/**
 * Counts failed bus calls into `chat_bus_failures_total`, whichever {@linkcode Bus} runs beneath
 * (in-process or Redis), without either implementation knowing.
 *
 * @module
 */
import type { Bus } from "../bus/bus.ts";
import type { Metrics } from "./metrics.ts";

/**
 * Wraps `bus` so that a rejected `publish`, `subscribe` or `unsubscribe` is counted by operation,
 * then rejects as before.
 *
 * @param bus the bus to measure
 * @param metrics where the failures go
 * @returns a bus with the same behaviour
 *
 * @example Counting the failures of a closed bus
 * ```ts
 * import { createMemoryBus } from "../bus/memory_bus.ts";
 * import { instrumentBus } from "./instrument_bus.ts";
 * import { createMetrics } from "./metrics.ts";
 *
 * const metrics = createMetrics();
 * const bus = instrumentBus(createMemoryBus(), metrics);
 * await bus.close();
 * await bus.publish("room:1", { kind: "frame", frame: { type: "pong" } }).catch(() => {});
 * console.log((await metrics.busFailures.get()).values[0]?.value); // 1
 * ```
 */
export function instrumentBus(bus: Bus, metrics: Metrics): Bus {
  const counted = async (operation: string, call: () => Promise<void>): Promise<void> => {
    try {
      await call();
    } catch (err) {
      metrics.busFailures.inc({ operation });
      throw err;
    }
  };
  return {
    // The other methods (ping, close, …) pass through: they have nothing to count.
    ...bus,
    publish: (channel, event) => counted("publish", () => bus.publish(channel, event)),
    subscribe: (channel, handler) => counted("subscribe", () => bus.subscribe(channel, handler)),
    unsubscribe: (channel, handler) =>
      counted("unsubscribe", () => bus.unsubscribe(channel, handler)),
  };
}
