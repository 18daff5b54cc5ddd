/**
 * A barrier for "nothing else arrived" checks. A ping answered on a socket proves only that the
 * connection's earlier frames went out; with the Redis bus an event published before the ping can
 * still be on its way through Redis. This publishes a marker on a channel of its own and waits
 * for it to come back: the instance's publishes go out on one connection and come in on one
 * subscriber connection, in order, so once the marker is back every event this instance
 * published before it has reached the instance's handlers. A ping/pong after it then proves the
 * sockets got what those handlers sent. (On the in-memory bus, delivery is synchronous and the
 * marker returns at once.)
 *
 * @module
 */
import type { Bus, BusHandler } from "../bus/bus.ts";
import { within } from "./within.ts";

/**
 * Resolves once a marker published now has come back through `bus`.
 *
 * @param bus the bus the server under test publishes on (`TestServer.bus`)
 * @param timeoutMs bound on the round trip; default 10 s
 * @throws {WaitTimeout} when the marker does not come back in time
 */
export async function busDrained(bus: Bus, timeoutMs = 10_000): Promise<void> {
  const channel = `test-barrier:${crypto.randomUUID()}`;
  let arrived!: () => void;
  const back = new Promise<void>((resolve) => arrived = resolve);
  const handler: BusHandler = () => arrived();
  await bus.subscribe(channel, handler);
  try {
    await bus.publish(channel, { kind: "frame", frame: { type: "pong" } });
    await within(back, timeoutMs, "a marker to come back through the bus (bus drained)");
  } finally {
    await bus.unsubscribe(channel, handler);
  }
}
