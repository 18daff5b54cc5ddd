import assert from "node:assert/strict";
import type { Message } from "../../shared/mod.ts";
import { createLogger } from "../logger.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { FakeTransport, settle, storedMessage } from "../testing/fake_transport.ts";
import { Connection } from "./connection.ts";
import { GAP_FILL_DELAY_MS, RoomFeed } from "./room_feed.ts";

const ROOM = "00000000-0000-4000-8000-00000000000b";

/** A feed from seq 0 with one connection, a store holding `stored`, and a delay the test ends. */
function feedOver(stored: Message[]) {
  const socket = new FakeTransport();
  const conn = new Connection(socket, 1_000_000, createMetrics());
  const fetched: [number, number][] = [];
  const fetchRange = (_room: string, after: number, before: number) => {
    fetched.push([after, before]);
    return Promise.resolve(stored.filter((e) => e.seq > after && e.seq < before));
  };
  const delays: { ms: number; end: () => void }[] = [];
  const delay = (ms: number) => new Promise<void>((end) => delays.push({ ms, end }));
  const feed = new RoomFeed(ROOM, 0, fetchRange, createLogger("silent"), delay);
  feed.connections.add(conn);
  return { socket, feed, fetched, delays };
}

Deno.test("RoomFeed: a gap is filled from the store after the delay, in seq order, once each", async () => {
  const events = [1, 2, 3, 4].map((s) => storedMessage(ROOM, s));
  const { socket, feed, fetched, delays } = feedOver(events);
  feed.message(events[2]!); // 3 arrives; 1 and 2 were lost on the bus
  feed.message(events[3]!);
  assert.deepEqual(socket.seqs(), [], "held while earlier seqs are missing");
  assert.deepEqual(delays.map((d) => d.ms), [GAP_FILL_DELAY_MS]);
  delays[0]!.end();
  await settle();
  assert.deepEqual(fetched, [[0, 3]], "one query for exactly the gap");
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4]);
  feed.message(events[1]!); // a late copy of 2
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4], "nothing twice");
});

Deno.test("RoomFeed: a late event that closes the gap before the delay needs no query", async () => {
  const events = [1, 2].map((s) => storedMessage(ROOM, s));
  const { socket, feed, fetched, delays } = feedOver(events);
  feed.message(events[1]!);
  feed.message(events[0]!);
  assert.deepEqual(socket.seqs(), [1, 2]);
  delays[0]!.end();
  await settle();
  assert.deepEqual(fetched, []);
});
