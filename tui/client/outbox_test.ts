import assert from "node:assert/strict";
import { FakeChatSocket } from "../tests/fake_chat_socket.ts";
import { changedEvent, eventFrame, idOf, message, posted, room, user } from "../tests/fixtures.ts";
import { ack, alice, general, line, OFFLINE, rateLimited, setup } from "../tests/outbox_kit.ts";
import { Outbox } from "./outbox.ts";
import { MemoryOutboxStore, type OutboxEntry } from "./outbox_file.ts";

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

Deno.test("Outbox sends saved lines at once when the socket is already connected", () => {
  const store = new MemoryOutboxStore();
  new Outbox({ socket: new FakeChatSocket(OFFLINE), store, userId: alice.id }).submit(
    line("saved"),
  );
  const socket = new FakeChatSocket({ state: "connected" });
  new Outbox({ socket, store, userId: alice.id });
  assert.deepEqual(socket.sentOfType("send").map((f) => [f.text, f.kind]), [["saved", "text"]]);
});

Deno.test("Outbox stamps a line with the clock and a fresh key, and sends nothing on other statuses", () => {
  const socket = new FakeChatSocket({ state: "connected" });
  const outbox = new Outbox({
    socket,
    store: new MemoryOutboxStore(),
    userId: alice.id,
    now: () => 0,
  });
  const [a, b] = [outbox.submit(line("a")), outbox.submit(line("b"))];
  assert.equal(a.created_at, "1970-01-01T00:00:00.000Z");
  assert.notEqual(a.client_msg_id, b.client_msg_id);
  socket.setStatus({ state: "connecting" });
  assert.equal(socket.sent.length, 2, "only a connected status flushes");
});

Deno.test("Outbox: only my own posted message settles a line; an error for a line it does not hold is ignored", () => {
  const { socket, timers, outbox } = setup();
  const mine = outbox.submit(line("mine"));
  const copy = message(general, 1, user("mallory"), "mine", { client_msg_id: mine.client_msg_id });
  socket.receive(eventFrame(posted(copy)));
  // My own message, but edited rather than posted: not the line being stored.
  const edited = message(general, 1, alice, "mine", { client_msg_id: mine.client_msg_id });
  socket.receive(eventFrame(changedEvent("message_edited", edited, 2)));
  assert.deepEqual(outbox.pending.map((e) => e.text), ["mine"]);
  // Its message_posted event settles it.
  socket.receive(eventFrame(posted(edited)));
  assert.deepEqual(outbox.pending, []);
  outbox.submit(line("again"));
  socket.receive(rateLimited(idOf("unknown"), 1_000));
  assert.equal(timers.due.size, 0, "no retry for a line it does not hold");
});

Deno.test("Outbox forgets a settled line even when the file cannot be rewritten", () => {
  const socket = new FakeChatSocket({ state: "connected" });
  let failing = false;
  const entries: OutboxEntry[] = [];
  const store = {
    load: () => [...entries],
    update(change: (e: OutboxEntry[]) => OutboxEntry[]) {
      if (failing) throw new Error("disk full");
      entries.splice(0, entries.length, ...change([...entries]));
    },
  };
  const outbox = new Outbox({ socket, store, userId: alice.id });
  const entry = outbox.submit(line("hello"));
  failing = true;
  socket.receive(ack(entry.client_msg_id, 1));
  assert.deepEqual(outbox.pending, []);
  assert.equal(entries.length, 1, "kept on disk, sent again next time");
});

Deno.test("Outbox leaves the file alone for a message of mine it does not hold (sent from elsewhere)", () => {
  const socket = new FakeChatSocket({ state: "connected" });
  const store = new MemoryOutboxStore();
  let writes = 0;
  const update = store.update.bind(store);
  store.update = (change) => {
    writes++;
    update(change);
  };
  const outbox = new Outbox({ socket, store, userId: alice.id });
  outbox.submit(line("pending"));
  assert.equal(writes, 1);
  socket.receive(eventFrame(posted(message(general, 1, alice, "from my phone"))));
  socket.receive(ack(idOf("elsewhere"), 2));
  assert.equal(writes, 1);
  assert.deepEqual(outbox.pending.map((e) => e.text), ["pending"]);
});

Deno.test("MemoryOutboxStore starts with the lines it is given, and hands out copies", () => {
  const store = new MemoryOutboxStore();
  const entry = new Outbox({ socket: new FakeChatSocket(OFFLINE), store, userId: alice.id })
    .submit(line("x"));
  const copy = new MemoryOutboxStore([entry]);
  assert.deepEqual(copy.load(), [entry]);
  copy.load().pop();
  assert.deepEqual(copy.entries, [entry]);
});
