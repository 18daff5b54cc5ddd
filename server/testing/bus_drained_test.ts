import assert from "node:assert/strict";
import type { BusEvent } from "../bus/bus.ts";
import { busDrained } from "./bus_drained.ts";
import { startTestServer } from "./test_server.ts";

Deno.test("busDrained() returns after every event published before it reached its subscribers", async () => {
  const server = await startTestServer();
  try {
    const seen: string[] = [];
    const handler = (event: BusEvent) => {
      if (event.kind === "frame" && event.frame.type === "typing") seen.push(event.frame.room_id);
    };
    await server.bus.subscribe("room:barrier-test", handler);
    const user = { id: crypto.randomUUID(), username: "alice" };
    const published = Array.from({ length: 50 }, () => crypto.randomUUID());
    for (const room_id of published) {
      // Not awaited: the barrier itself must cover publishes still in flight.
      server.bus.publish("room:barrier-test", {
        kind: "frame",
        frame: { type: "typing", room_id, user },
      });
    }
    await busDrained(server.bus);
    assert.deepEqual(seen, published);
    await server.bus.unsubscribe("room:barrier-test", handler);
  } finally {
    await server.close();
  }
});
