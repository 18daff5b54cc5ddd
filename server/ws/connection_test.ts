import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../shared/mod.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { eventFrame, FakeClock, FakeTransport, storedEvent } from "../testing/fake_transport.ts";
import { Connection, DRAIN_TIMEOUT_MS, QUEUE_FACTOR } from "./connection.ts";

const ROOM = "00000000-0000-4000-8000-00000000000a";
/** Odd seqs post a message, even ones edit one: the stream mixes event types. */
const eventAt = (seq: number) =>
  storedEvent(ROOM, seq, seq % 2 === 0 ? "message_edited" : "message_posted");
const frame = (seq: number) => eventFrame(eventAt(seq));

function connect(maxBufferedBytes = 1_000_000) {
  const socket = new FakeTransport();
  const clock = new FakeClock();
  const conn = new Connection(socket, maxBufferedBytes, createMetrics(), clock);
  return { socket, clock, conn };
}

Deno.test("Connection: frames that arrive during a replay are held, then delivered once each, in seq order", async () => {
  const { socket, conn } = connect();
  conn.markDelivered(ROOM, 2);
  conn.beginReplay(ROOM);
  // Live messages while the store is read: 4 is also in the replay, 5 and 6 are newer.
  conn.deliver(ROOM, frame(4), 4);
  conn.deliver(ROOM, frame(5), 5);
  conn.deliver(ROOM, frame(6), 6);
  assert.deepEqual(socket.seqs(), [], "nothing live goes out before the replay");
  assert.equal(
    await conn.replay(ROOM, [3, 4].map(eventAt), () => false),
    true,
  );
  assert.deepEqual(socket.seqs(), [3, 4]);
  conn.endReplay(ROOM);
  assert.deepEqual(socket.seqs(), [3, 4, 5, 6], "held events follow, the replayed 4 not again");
  conn.deliver(ROOM, frame(6), 6);
  conn.deliver(ROOM, frame(7), 7);
  assert.deepEqual(socket.seqs(), [3, 4, 5, 6, 7], "a seq already delivered is dropped");
});

Deno.test(`Connection: closed with 4008 exactly when more than ${QUEUE_FACTOR} × the bound waits`, () => {
  const bound = 100;
  const { socket, conn } = connect(bound);
  socket.bufferedAmount = bound; // the client reads nothing: every frame waits in the server
  const chunk = "x".repeat(bound);
  for (let i = 0; i < QUEUE_FACTOR; i++) conn.sendRaw(chunk);
  assert.equal(socket.closed, null, "exactly the bound waiting is allowed");
  assert.deepEqual(socket.sent, []);
  conn.sendRaw("y");
  assert.deepEqual(socket.closed, {
    code: CLOSE_CODES.slowConsumer.code,
    reason: CLOSE_CODES.slowConsumer.reason,
  });
});

Deno.test(`Connection: closed with 4008 when the client reads nothing for ${DRAIN_TIMEOUT_MS} ms, not before`, async () => {
  const bound = 100;
  const { socket, clock, conn } = connect(bound);
  socket.bufferedAmount = bound;
  conn.sendRaw("waiting");
  await clock.advance(DRAIN_TIMEOUT_MS);
  assert.equal(socket.closed, null, "at the timeout itself the client still has time");
  await clock.advance(10);
  assert.deepEqual(socket.closed, {
    code: CLOSE_CODES.slowConsumer.code,
    reason: CLOSE_CODES.slowConsumer.reason,
  });
  assert.deepEqual(socket.sent, [], "what waited is dropped, not written");
});

Deno.test("Connection: frames that wait go out in order as the client reads, and the connection stays open", async () => {
  const bound = 10_000; // room for the three frames once the client has read
  const { socket, clock, conn } = connect(bound);
  socket.bufferedAmount = bound;
  for (const seq of [1, 2, 3]) conn.deliver(ROOM, frame(seq), seq);
  await clock.advance(DRAIN_TIMEOUT_MS / 2);
  assert.deepEqual(socket.seqs(), []);
  socket.bufferedAmount = 0; // the client read everything
  await clock.advance(5);
  assert.deepEqual(socket.seqs(), [1, 2, 3]);
  await clock.advance(DRAIN_TIMEOUT_MS);
  assert.equal(socket.closed, null);
  socket.bufferedAmount = 0;
  conn.deliver(ROOM, frame(4), 4);
  assert.deepEqual(socket.seqs(), [1, 2, 3, 4], "nothing waits any more: written at once");
});

Deno.test("Connection: a frame that just fits is written at once; a smaller one queues behind a waiting one", async () => {
  const bound = 100;
  const { socket, clock, conn } = connect(bound);
  conn.sendRaw("a".repeat(bound));
  assert.equal(socket.sent.length, 1, "exactly the bound fits");
  socket.bufferedAmount = 95;
  conn.sendRaw("b".repeat(10));
  conn.sendRaw("c");
  assert.equal(socket.sent.length, 1, "c would fit, but b waits before it");
  socket.bufferedAmount = 0;
  await clock.advance(5);
  assert.deepEqual(socket.sent.slice(1), ["b".repeat(10), "c"]);
});

Deno.test("Connection.replay() waits for the client to read before each message past the bound", async () => {
  const one = frame(1).length;
  const { socket, clock, conn } = connect(one);
  conn.beginReplay(ROOM);
  const done = conn.replay(ROOM, [1, 2].map(eventAt), () => false);
  await clock.advance(5);
  assert.deepEqual(socket.seqs(), [1], "2 waits: the socket holds 1");
  assert.equal(conn.deliveredSeq(ROOM), 1, "marked as it is written");
  socket.bufferedAmount = 0;
  await clock.advance(5);
  assert.equal(await done, true);
  assert.deepEqual(socket.seqs(), [1, 2]);
  assert.equal(conn.deliveredSeq(ROOM), 2);
});

Deno.test("Connection.replay() stops when abandoned or closed, and closes a client that reads nothing", async () => {
  const one = frame(1).length;
  const messages = [1, 2].map(eventAt);
  {
    const { socket, conn } = connect();
    assert.equal(await conn.replay(ROOM, messages, () => true), false);
    assert.deepEqual(socket.sent, [], "abandoned before the first message");
  }
  {
    const { socket, clock, conn } = connect(one);
    let abandoned = false;
    const done = conn.replay(ROOM, messages, () => abandoned);
    await clock.advance(5);
    abandoned = true;
    await clock.advance(5);
    assert.equal(await done, false);
    assert.deepEqual(socket.seqs(), [1]);
    assert.equal(socket.closed, null, "abandoning is not a slow consumer");
  }
  {
    const { socket, clock, conn } = connect(one);
    const done = conn.replay(ROOM, messages, () => false);
    await clock.advance(5);
    socket.close(1001, "gone");
    await clock.advance(5);
    assert.equal(await done, false);
  }
  {
    const { socket, clock, conn } = connect(one);
    const done = conn.replay(ROOM, messages, () => false);
    await clock.advance(5); // 1 is written; 2 waits from now on
    await clock.advance(DRAIN_TIMEOUT_MS);
    assert.equal(socket.closed, null);
    await clock.advance(10);
    assert.equal(await done, false);
    assert.deepEqual(socket.closed, {
      code: CLOSE_CODES.slowConsumer.code,
      reason: CLOSE_CODES.slowConsumer.reason,
    });
  }
  {
    const { socket, conn } = connect();
    socket.close(1001, "gone");
    assert.equal(await conn.replay(ROOM, messages, () => false), false, "closed: nothing to do");
  }
});

Deno.test(`Connection: what was written leaves the ${QUEUE_FACTOR} × bound count; the rest may fill it again`, async () => {
  const bound = 100;
  const { socket, clock, conn } = connect(bound);
  socket.bufferedAmount = bound;
  const chunk = "x".repeat(bound);
  for (let i = 0; i < QUEUE_FACTOR - 1; i++) conn.sendRaw(chunk);
  socket.bufferedAmount = 0; // the client reads one frame's worth: one goes out, the others wait
  await clock.advance(5);
  assert.equal(socket.sent.length, 1);
  conn.sendRaw(chunk);
  conn.sendRaw(chunk);
  assert.equal(socket.closed, null, `${QUEUE_FACTOR} × the bound waits again, not more`);
  conn.sendRaw("y");
  assert.deepEqual(socket.closed, {
    code: CLOSE_CODES.slowConsumer.code,
    reason: CLOSE_CODES.slowConsumer.reason,
  });
});

Deno.test("Connection: a replay writes each event in its current state and counts posted messages only", async () => {
  const metrics = createMetrics();
  const socket = new FakeTransport();
  const conn = new Connection(socket, 1_000_000, metrics, new FakeClock());
  conn.beginReplay(ROOM);
  assert.equal(await conn.replay(ROOM, [1, 2, 3].map(eventAt), () => false), true);
  conn.endReplay(ROOM);
  const frames = socket.sent.map((d) => JSON.parse(d));
  assert.deepEqual(frames.map((f) => f.event.type), [
    "message_posted",
    "message_edited",
    "message_posted",
  ]);
  assert.equal(frames[1].event.message.text, "edit 2");
  assert.equal(conn.deliveredSeq(ROOM), 3);
  const delivered = (await metrics.messagesDelivered.get()).values[0]?.value;
  assert.equal(delivered, 2, "the edit is no delivered message");
});
