import assert from "node:assert/strict";
import type { Bus } from "../bus/bus.ts";
import { createMemoryBus } from "../bus/memory_bus.ts";
import { instrumentBus } from "./instrument_bus.ts";
import { createMetrics, type Metrics } from "./metrics.ts";

async function failures(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.busFailures.get();
  return Object.fromEntries(values.map((v) => [v.labels.operation, v.value]));
}

Deno.test("instrumentBus() counts failed publishes and subscriptions, and rethrows", async () => {
  const metrics = createMetrics();
  const memory = createMemoryBus();
  const failing: Bus = {
    ...memory,
    subscribe: () => Promise.reject(new Error("Redis is down")),
  };
  const bus = instrumentBus(failing, metrics);
  const received: unknown[] = [];
  const event = { kind: "frame", frame: { type: "pong" } } as const;

  await assert.rejects(bus.subscribe("room:1", (e) => received.push(e)), /Redis is down/);
  await memory.subscribe("room:1", (e) => received.push(e));
  await bus.publish("room:1", event);
  await bus.ping();
  assert.deepEqual(received, [event]);
  assert.deepEqual(await failures(metrics), { publish: 0, subscribe: 1, unsubscribe: 0 });

  await bus.close();
  await assert.rejects(bus.publish("room:1", event), /closed/);
  assert.deepEqual(await failures(metrics), { publish: 1, subscribe: 1, unsubscribe: 0 });
});
