/**
 * `Connection` beside delivery order (connection_test.ts): its first state, the `welcome` hold,
 * closing, the pipeline of sends, and what it counts. Fake transport, no real socket.
 */
import assert from "node:assert/strict";
import { CLOSE_CODES, type Message, type ServerFrame } from "../../shared/mod.ts";
import { createMetrics, type Metrics } from "../metrics/metrics.ts";
import { postedEvent } from "../store/event_store.ts";
import { eventFrame, FakeTransport, settle, storedMessage } from "../testing/fake_transport.ts";
import { Connection, REAL_CLOCK } from "./connection.ts";

const ROOM = "00000000-0000-4000-8000-00000000000c";
const WELCOME = {
  type: "welcome",
  protocol: 2,
  user: { id: "00000000-0000-4000-8000-000000000001", username: "alice" },
} as unknown as ServerFrame & { type: "welcome" };

function connect() {
  const socket = new FakeTransport();
  const metrics = createMetrics();
  return { socket, metrics, conn: new Connection(socket, 1_000_000, metrics) };
}

/** The `message_posted` event of `message`, serialised as the server writes it. */
function messageFrame(message: Message): string {
  return eventFrame(postedEvent(message, null));
}

/** A counter's value: of the series of `code`, or of its only series. */
async function counted(counter: Metrics["errorFrames"], code?: string) {
  const { values } = await counter.get();
  return values.find((v) => code === undefined || v.labels.code === code)?.value ?? 0;
}

/** Count and sum of the delivery latency histogram, in seconds. */
async function latency(metrics: Metrics) {
  const { values } = await metrics.deliveryLatency.get();
  const of = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return {
    count: of("chat_message_delivery_latency_seconds_count"),
    sum: of("chat_message_delivery_latency_seconds_sum"),
  };
}

/** A promise the test resolves. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => resolve = r);
  return { promise, resolve };
}

Deno.test("REAL_CLOCK reads Date.now() and sleeps on a real timer", async () => {
  assert.ok(Math.abs(REAL_CLOCK.now() - Date.now()) < 1_000);
  const start = performance.now();
  await REAL_CLOCK.sleep(20);
  assert.ok(performance.now() - start >= 15, "slept");
});

Deno.test("Connection starts with no user, session, rooms or violations, and an id of its own", () => {
  const a = connect().conn;
  const b = connect().conn;
  assert.equal(a.user, null);
  assert.equal(a.sessionId, null);
  assert.equal(a.rooms.size, 0);
  assert.deepEqual(a.violations, []);
  assert.match(a.id, /^[0-9a-f-]{36}$/);
  assert.notEqual(a.id, b.id);
  assert.equal(a.deliveredSeq(ROOM), 0);
});

Deno.test("Connection holds frames until welcome, which goes first; without a hold welcome is just sent", () => {
  const { socket, conn } = connect();
  conn.holdUntilWelcome();
  const pong = JSON.stringify({ type: "pong" });
  conn.sendRaw(pong);
  conn.deliver(ROOM, messageFrame(storedMessage(ROOM, 1)), 1);
  assert.deepEqual(socket.sent, []);
  conn.welcome(WELCOME);
  assert.equal(JSON.parse(socket.sent[0]!).type, "welcome");
  assert.deepEqual(socket.sent.slice(1, 2), [pong]);
  assert.deepEqual(socket.seqs(), [1]);
  conn.sendRaw(pong);
  assert.equal(socket.sent.length, 4, "nothing held after welcome");

  const other = connect();
  other.conn.welcome(WELCOME);
  assert.equal(other.socket.sent.length, 1);
});

Deno.test("Connection writes nothing once the socket is closed, and closes once, counting the code", async () => {
  const { socket, metrics, conn } = connect();
  assert.equal(conn.open, true);
  conn.close(CLOSE_CODES.slowConsumer.code, CLOSE_CODES.slowConsumer.reason);
  conn.close(CLOSE_CODES.normal.code, "again");
  assert.equal(conn.open, false);
  assert.deepEqual(socket.closed, {
    code: CLOSE_CODES.slowConsumer.code,
    reason: CLOSE_CODES.slowConsumer.reason,
  });
  assert.equal(await counted(metrics.wsCloses, String(CLOSE_CODES.slowConsumer.code)), 1);
  assert.equal(await counted(metrics.wsCloses, String(CLOSE_CODES.normal.code)), 0);
  conn.sendRaw("late");
  assert.deepEqual(socket.sent, []);
});

Deno.test("Connection counts posted messages written and error frames by code; live ones' latency only", async () => {
  const { metrics, conn } = connect();
  const created = new Date(Date.now() - 2_000).toISOString();
  const live = { ...storedMessage(ROOM, 1), created_at: created };
  conn.deliver(ROOM, messageFrame(live), 1);
  const stats = await latency(metrics);
  assert.equal(stats.count, 1);
  assert.ok(stats.sum >= 2 && stats.sum < 60, `latency ${stats.sum} s, about 2`);

  conn.beginReplay(ROOM);
  await conn.replay(ROOM, [postedEvent(storedMessage(ROOM, 2), null)], () => false);
  conn.endReplay(ROOM);
  conn.sendRaw(JSON.stringify({ type: "typing", room_id: ROOM }));
  assert.equal(await counted(metrics.messagesDelivered), 2, "two message frames, not the typing");
  assert.equal((await latency(metrics)).count, 1, "a replayed message has no delivery latency");

  // A clock ahead of ours reads as no latency; a frame without a date is not timed.
  const ahead = {
    ...storedMessage(ROOM, 3),
    created_at: new Date(Date.now() + 60_000).toISOString(),
  };
  conn.deliver(ROOM, messageFrame(ahead), 3);
  assert.deepEqual(await latency(metrics), { count: 2, sum: stats.sum });
  const { created_at: _, ...undated } = storedMessage(ROOM, 4);
  conn.sendRaw(messageFrame(undated as Message));
  conn.sendRaw(messageFrame({ ...storedMessage(ROOM, 5), created_at: "not a date" }));
  assert.equal((await latency(metrics)).count, 2);
  assert.equal(await counted(metrics.messagesDelivered), 5);

  conn.send({ type: "error", code: "rate_limited", message: "slow down" });
  conn.send({ type: "pong" });
  assert.equal(await counted(metrics.errorFrames, "rate_limited"), 1);
  const { values } = await metrics.errorFrames.get();
  assert.equal(values.reduce((n, v) => n + v.value, 0), 1, "only error frames are counted");
});

Deno.test("Connection.pipeline() lets sends run beside the queue up to max, and settled() waits for them", async () => {
  const { conn } = connect();
  const [a, b] = [deferred(), deferred()];
  await conn.pipeline(a.promise, 2);
  let second = false;
  void conn.pipeline(b.promise, 2).then(() => second = true);
  await settle();
  assert.equal(second, false, "two in flight: the second waits");
  a.resolve();
  await settle();
  assert.equal(second, true, "one finished: room again");

  let done = false;
  const queued = deferred();
  conn.queue = queued.promise;
  void conn.settled().then(() => done = true);
  queued.resolve();
  await settle();
  assert.equal(done, false, "b is still in flight");
  b.resolve();
  await settle();
  assert.equal(done, true);
  const c = deferred();
  await conn.pipeline(c.promise, 2);
  await conn.pipeline(Promise.resolve(), 2);
  c.resolve();
});

Deno.test("Connection: markDelivered keeps the highest seq; endReplay of a room not replayed does nothing", () => {
  const { socket, conn } = connect();
  conn.markDelivered(ROOM, 5);
  conn.markDelivered(ROOM, 3);
  assert.equal(conn.deliveredSeq(ROOM), 5);
  conn.endReplay(ROOM);
  conn.deliver(ROOM, messageFrame(storedMessage(ROOM, 5)), 5);
  conn.deliver(ROOM, messageFrame(storedMessage(ROOM, 6)), 6);
  assert.deepEqual(socket.seqs(), [6]);
  const typing = JSON.stringify({ type: "typing", room_id: ROOM });
  conn.deliver(ROOM, typing);
  conn.deliver(ROOM, typing);
  assert.equal(socket.sent.length, 3, "frames without a seq are not deduplicated");
  conn.deliver(ROOM, messageFrame(storedMessage(ROOM, 6)), 6);
  assert.deepEqual(socket.seqs(), [6], "and do not reset the seq delivered");
});
