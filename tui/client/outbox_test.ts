import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeChatSocket } from "../tests/fake_chat_socket.ts";
import { eventFrame, idOf, message, posted, room, user } from "../tests/fixtures.ts";
import { Outbox, type OutboxTimers } from "./outbox.ts";
import { FileOutboxStore, MemoryOutboxStore, outboxPath } from "./outbox_file.ts";

const alice = user("alice");
const general = room("general");
const OFFLINE = { state: "reconnecting", attempt: 1, retryInMs: 1_000, retryAt: 0 } as const;

/** Timers that fire only when the test says so. */
class ManualTimers implements OutboxTimers {
  readonly due = new Map<unknown, { fn: () => void; ms: number }>();
  #next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    this.due.set(this.#next, { fn, ms });
    return this.#next++;
  }
  clearTimeout(id: unknown): void {
    this.due.delete(id);
  }
  fireAll(): void {
    const due = [...this.due.values()];
    this.due.clear();
    for (const { fn } of due) fn();
  }
}

function setup(status: FakeChatSocket["status"] = { state: "connected" }) {
  const socket = new FakeChatSocket(status);
  const store = new MemoryOutboxStore();
  const timers = new ManualTimers();
  const outbox = new Outbox({ socket, store, userId: alice.id, timers });
  return { socket, store, timers, outbox };
}

const line = (text: string) => ({ room_id: general.id, text, kind: "text" as const });
const ack = (clientMsgId: string, seq: number) => ({
  type: "ack" as const,
  room_id: general.id,
  ref: clientMsgId,
  message_id: idOf(`m${seq}`),
  seq,
});

Deno.test("Outbox saves a line before sending it and forgets it at its ack", () => {
  const { socket, store, outbox } = setup();
  const saved: string[] = [];
  const send = socket.send.bind(socket);
  socket.send = (frame) => {
    saved.push(...store.entries.map((e) => e.text));
    return send(frame);
  };
  const entry = outbox.submit(line("hello"));
  assert.deepEqual(saved, ["hello"], "on disk when sent");
  assert.deepEqual(socket.sentOfType("send").map((f) => f.client_msg_id), [entry.client_msg_id]);
  socket.receive(ack(entry.client_msg_id, 1));
  assert.deepEqual(store.entries, []);
  assert.deepEqual(outbox.pending, []);
});

Deno.test("Outbox sends lines typed offline on connect, and every unacked one after a reconnect", () => {
  const { socket, outbox } = setup(OFFLINE);
  const a = outbox.submit(line("a"));
  assert.equal(socket.sent.length, 0);
  socket.setStatus({ state: "connected" });
  const b = outbox.submit(line("b"));
  assert.deepEqual(socket.sentOfType("send").map((f) => f.text), ["a", "b"]);
  socket.receive(ack(a.client_msg_id, 1));
  socket.setStatus(OFFLINE);
  socket.setStatus({ state: "connected" });
  const sends = socket.sentOfType("send");
  assert.deepEqual(sends.map((f) => f.text), ["a", "b", "b"]);
  assert.equal(sends[2]!.client_msg_id, b.client_msg_id, "the same idempotency key");
});

Deno.test("Outbox lines survive a restart and are sent with their keys by the next one", () => {
  const store = new MemoryOutboxStore();
  const first = new Outbox({ socket: new FakeChatSocket(OFFLINE), store, userId: alice.id });
  const typed = first.submit(line("typed before a crash"));
  first.close();
  const socket = new FakeChatSocket(OFFLINE);
  const next = new Outbox({ socket, store, userId: alice.id });
  assert.deepEqual(next.pending.map((e) => e.text), ["typed before a crash"]);
  socket.setStatus({ state: "connected" });
  assert.deepEqual(socket.sentOfType("send").map((f) => f.client_msg_id), [typed.client_msg_id]);
  // The ack was lost, but the message came back through the stream: settled all the same.
  socket.receive(eventFrame(posted(message(general, 1, alice, "typed before a crash", {
    client_msg_id: typed.client_msg_id,
  }))));
  assert.deepEqual(store.entries, []);
});

Deno.test("Outbox resends a rate-limited line after the server's retry_after_ms", () => {
  const { socket, timers, outbox } = setup();
  const resent: string[][] = [];
  outbox.subscribe((e) => resent.push([...e.client_msg_ids]));
  const entry = outbox.submit(line("too fast"));
  socket.receive({
    type: "error",
    code: "rate_limited",
    message: "Too many messages: retry in 3 s",
    ref: entry.client_msg_id,
    retry_after_ms: 3_000,
  });
  assert.deepEqual([...timers.due.values()].map((t) => t.ms), [3_000]);
  socket.setStatus(OFFLINE);
  socket.setStatus({ state: "connected" });
  assert.equal(socket.sentOfType("send").length, 1, "a reconnect does not jump the wait");
  timers.fireAll();
  assert.equal(socket.sentOfType("send").length, 2);
  assert.equal(socket.sentOfType("send")[1]!.client_msg_id, entry.client_msg_id);
  assert.deepEqual(resent, [[entry.client_msg_id]]);
  assert.equal(outbox.pending.length, 1, "still kept until stored");
});

Deno.test("Outbox forgets lines the server refuses for good, and lines discarded", () => {
  const { socket, store, outbox } = setup();
  const refused = outbox.submit(line("not a member any more"));
  socket.receive({
    type: "error",
    code: "not_member",
    message: "Not a member",
    ref: refused.client_msg_id,
  });
  assert.deepEqual(store.entries, []);
  socket.setStatus(OFFLINE);
  outbox.submit(line("one"));
  outbox.submit({ ...line("elsewhere"), room_id: room("random").id });
  assert.deepEqual(outbox.discard(general.id).map((e) => e.text), ["one"]);
  assert.deepEqual(store.load().map((e) => e.text), ["elsewhere"]);
});

Deno.test("FileOutboxStore writes a 0600 file in a 0700 folder that a new store reads", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = outboxPath("http://LOCALHOST:8080/", alice.id, join(dir, "outbox"));
    assert.equal(path, join(dir, "outbox", `localhost_8080-${alice.id}.json`));
    const store = new FileOutboxStore(path);
    const outbox = new Outbox({ socket: new FakeChatSocket(OFFLINE), store, userId: alice.id });
    outbox.submit(line("kept on disk"));
    assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
    assert.equal(Deno.statSync(join(dir, "outbox")).mode! & 0o777, 0o700);
    assert.deepEqual(new FileOutboxStore(path).load().map((e) => e.text), ["kept on disk"]);
    Deno.writeTextFileSync(path, "{ not json");
    assert.deepEqual(new FileOutboxStore(path).load(), [], "a corrupt file reads as empty");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
