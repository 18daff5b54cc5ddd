import FakeTimers from "@sinonjs/fake-timers";
import assert from "node:assert/strict";
import type { RoomEvent } from "../../shared/mod.ts";
import { createLogger } from "../logger.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { FakeTransport, settle, storedEvent } from "../testing/fake_transport.ts";
import { Connection } from "./connection.ts";
import { GAP_FILL_DELAY_MS, RoomFeed } from "./room_feed.ts";

const ROOM = "00000000-0000-4000-8000-00000000000b";
/**
 * The event at `seq`: odd seqs post a message, even ones edit one. The feed orders and fills by
 * seq whatever the event's type.
 */
const eventAt = (seq: number) =>
  storedEvent(ROOM, seq, seq % 2 === 0 ? "message_edited" : "message_posted");

/** A connection of `userId` on a fake socket. */
function connection(userId = "00000000-0000-4000-8000-000000000001") {
  const socket = new FakeTransport();
  const conn = new Connection(socket, 1_000_000, createMetrics());
  conn.user = { id: userId, username: userId.slice(-4) } as Connection["user"];
  return { socket, conn };
}

/**
 * A feed from `startSeq` (default 0) with one connection, a store holding `stored` that answers
 * at most `page` messages a query (or fails while `failing`), a delay the test ends, and the
 * feed's log lines.
 */
function feedOver(stored: RoomEvent[], o: { startSeq?: number; page?: number } = {}) {
  const { socket, conn } = connection();
  const fetched: [number, number][] = [];
  const store = { failing: false };
  const fetchRange = (_room: string, after: number, before: number) => {
    fetched.push([after, before]);
    if (store.failing) return Promise.reject(new Error("database down"));
    const found = stored.filter((e) => e.seq > after && e.seq < before);
    return Promise.resolve(found.slice(0, o.page ?? found.length));
  };
  const delays: { ms: number; end: () => void }[] = [];
  const delay = (ms: number) => new Promise<void>((end) => delays.push({ ms, end }));
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("info", {}, {
    write: (line: string) => void lines.push(JSON.parse(line)),
  });
  const feed = new RoomFeed(ROOM, o.startSeq ?? 0, fetchRange, logger, delay);
  feed.connections.add(conn);
  return { socket, feed, fetched, delays, store, lines };
}

Deno.test("RoomFeed: a gap is filled from the store after the delay, in seq order, once each", async () => {
  const events = [1, 2, 3, 4].map((s) => eventAt(s));
  const { socket, feed, fetched, delays } = feedOver(events);
  feed.event(events[2]!); // 3 arrives; 1 and 2 were lost on the bus
  feed.event(events[3]!);
  assert.deepEqual(socket.seqs(), [], "held while earlier seqs are missing");
  assert.deepEqual(delays.map((d) => d.ms), [GAP_FILL_DELAY_MS]);
  delays[0]!.end();
  await settle();
  assert.deepEqual(fetched, [[0, 3]], "one query for exactly the gap");
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4]);
  feed.event(events[1]!); // a late copy of 2
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4], "nothing twice");
  assert.equal(delays.length, 1, "and no fill for it: it is not a gap");
  assert.deepEqual(fetched, [[0, 3]]);
});

Deno.test("RoomFeed: a late event that closes the gap before the delay needs no query", async () => {
  const events = [1, 2].map((s) => eventAt(s));
  const { socket, feed, fetched, delays } = feedOver(events);
  feed.event(events[1]!);
  feed.event(events[0]!);
  assert.deepEqual(socket.seqs(), [1, 2]);
  delays[0]!.end();
  await settle();
  assert.deepEqual(fetched, []);
});

Deno.test("RoomFeed: messages up to the start seq are not delivered live; the next one is", () => {
  const { socket, feed, delays } = feedOver([], { startSeq: 5 });
  feed.event(eventAt(4));
  feed.event(eventAt(5));
  feed.event(eventAt(6));
  feed.event(eventAt(7));
  assert.deepEqual(socket.seqs(), [6, 7]);
  assert.equal(delays.length, 0, "no gap, no fill");
});

Deno.test("RoomFeed: broadcast reaches every connection but the excluded user's", () => {
  const { socket, feed } = feedOver([]);
  const other = connection("00000000-0000-4000-8000-000000000002");
  feed.connections.add(other.conn);
  const typing = {
    type: "typing",
    room_id: ROOM,
    user: { id: "00000000-0000-4000-8000-000000000001", username: "0001" },
  } as const;
  feed.broadcast(typing, "00000000-0000-4000-8000-000000000002");
  assert.deepEqual([socket.sent.length, other.socket.sent.length], [1, 0]);
  feed.broadcast(typing);
  assert.deepEqual([socket.sent.length, other.socket.sent.length], [2, 1]);
  assert.deepEqual(JSON.parse(other.socket.sent[0]!), typing);
});

Deno.test("RoomFeed: several gaps are filled in turn, one query each, under one delay", async () => {
  const events = [1, 2, 3, 4, 5, 6].map((s) => eventAt(s));
  const { socket, feed, fetched, delays } = feedOver(events);
  feed.event(events[2]!);
  feed.event(events[5]!);
  assert.equal(delays.length, 1, "a fill is under way: no second one");
  delays[0]!.end();
  await settle();
  assert.deepEqual(fetched, [[0, 3], [3, 6]]);
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4, 5, 6]);
  feed.event(eventAt(8));
  assert.equal(delays.length, 2, "the fill is over: a new gap starts a new one");
});

Deno.test("RoomFeed: a hole the store cannot fill is skipped with a warning, not waited on", async () => {
  const { socket, feed, fetched, delays, lines } = feedOver([eventAt(1)]);
  feed.event(eventAt(1));
  feed.event(eventAt(4));
  delays[0]!.end();
  await settle();
  assert.deepEqual(fetched, [[1, 4]]);
  assert.deepEqual(socket.seqs(), [1, 4]);
  assert.deepEqual(
    lines.map(({ level, msg, room_id, from, to }) => ({ level, msg, room_id, from, to })),
    [
      { level: "warn", msg: "gap unfilled", room_id: ROOM, from: 1, to: 4 },
    ],
  );
});

Deno.test("RoomFeed: a failed fill is logged and the next gap is filled again", async () => {
  const events = [1, 2, 3].map((s) => eventAt(s));
  const { socket, feed, delays, store, lines } = feedOver(events);
  store.failing = true;
  feed.event(events[1]!);
  delays[0]!.end();
  await settle();
  assert.deepEqual(socket.seqs(), []);
  assert.deepEqual(lines.map(({ level, msg, room_id, err }) => ({ level, msg, room_id, err })), [
    { level: "error", msg: "gap fill failed", room_id: ROOM, err: "Error: database down" },
  ]);
  store.failing = false;
  feed.event(events[2]!);
  assert.equal(delays.length, 2);
  delays[1]!.end();
  await settle();
  assert.deepEqual(socket.seqs(), [1, 2, 3]);
});

Deno.test("RoomFeed.catchUp() delivers everything stored after the last seq, page after page", async () => {
  const events = [1, 2, 3, 4, 5].map((s) => eventAt(s));
  const { socket, feed, fetched, store, lines } = feedOver(events, { page: 2 });
  feed.event(events[0]!);
  await feed.catchUp();
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4, 5]);
  const max = Number.MAX_SAFE_INTEGER;
  assert.deepEqual(fetched, [[1, max], [3, max], [5, max]]);
  store.failing = true;
  await feed.catchUp();
  assert.deepEqual(lines.map(({ level, msg, room_id, err }) => ({ level, msg, room_id, err })), [
    { level: "error", msg: "catch-up failed", room_id: ROOM, err: "Error: database down" },
  ]);
});

Deno.test("RoomFeed: messages the store returns that were already delivered are not held again", async () => {
  const events = [1, 2, 3].map((s) => eventAt(s));
  const { socket, conn } = connection();
  const delays: (() => void)[] = [];
  // A store that ignores the lower bound: 1 comes back although it was delivered.
  let stale = events.slice(0, 2);
  const feed = new RoomFeed(
    ROOM,
    0,
    () => Promise.resolve(stale),
    createLogger("silent"),
    () => new Promise<void>((end) => delays.push(end)),
  );
  feed.connections.add(conn);
  feed.event(events[0]!);
  feed.event(events[2]!);
  delays[0]!();
  await settle();
  assert.deepEqual(socket.seqs(), [1, 2, 3]);
  feed.event(eventAt(4));
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4], "the feed stands at 3: 4 goes out at once");
  assert.equal(delays.length, 1, "nothing stale left held, nothing to fill");
  stale = [1, 2, 3, 4].map((s) => eventAt(s)); // up to the feed's own seq
  await feed.catchUp();
  feed.event(eventAt(5));
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4, 5]);
  assert.equal(delays.length, 1, "catch-up held nothing stale either");
});

Deno.test(`RoomFeed waits ${GAP_FILL_DELAY_MS} ms on a real timer by default before filling`, async () => {
  const clock = FakeTimers.withGlobal(globalThis).install({ toFake: ["setTimeout"] });
  try {
    const fetched: number[] = [];
    const feed = new RoomFeed(ROOM, 0, (_r, after) => {
      fetched.push(after);
      return Promise.resolve([eventAt(1)]);
    }, createLogger("silent"));
    feed.event(eventAt(2));
    await clock.tickAsync(GAP_FILL_DELAY_MS - 1);
    assert.deepEqual(fetched, []);
    await clock.tickAsync(1);
    assert.deepEqual(fetched, [0]);
  } finally {
    clock.uninstall();
  }
});
