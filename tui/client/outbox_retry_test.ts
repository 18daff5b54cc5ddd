/** The outbox's retries after `rate_limited`, its timers, listeners and `close()`. */
import FakeTimers from "@sinonjs/fake-timers";
import assert from "node:assert/strict";
import { FakeChatSocket } from "../tests/fake_chat_socket.ts";
import { ack, alice, line, OFFLINE, rateLimited, setup } from "../tests/outbox_kit.ts";
import { Outbox, RETRY_AFTER_FALLBACK_MS } from "./outbox.ts";
import { MemoryOutboxStore } from "./outbox_file.ts";

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

Deno.test(`Outbox waits ${RETRY_AFTER_FALLBACK_MS} ms without retry_after_ms; a new refusal replaces the wait`, () => {
  const { socket, timers, outbox } = setup();
  const entry = outbox.submit(line("too fast"));
  socket.receive(rateLimited(entry.client_msg_id));
  assert.deepEqual([...timers.due.values()].map((t) => t.ms), [RETRY_AFTER_FALLBACK_MS]);
  socket.receive(rateLimited(entry.client_msg_id, 2_000));
  assert.deepEqual([...timers.due.values()].map((t) => t.ms), [2_000], "one timer, the new one");
});

Deno.test("Outbox: a retry due while offline goes out on reconnect, not reported as resent", () => {
  const { socket, timers, outbox } = setup();
  const resent: unknown[] = [];
  outbox.subscribe((e) => resent.push(e));
  const entry = outbox.submit(line("later"));
  socket.receive(rateLimited(entry.client_msg_id, 1_000));
  socket.setStatus(OFFLINE);
  timers.fireAll();
  assert.deepEqual(resent, []);
  socket.setStatus({ state: "connected" });
  assert.deepEqual(socket.sentOfType("send").map((f) => f.client_msg_id), [
    entry.client_msg_id,
    entry.client_msg_id,
  ]);
});

Deno.test("Outbox: an ack cancels the retry of a rate-limited line; a retry of a settled line sends nothing", () => {
  const { socket, timers, outbox } = setup();
  const entry = outbox.submit(line("stored after all"));
  socket.receive(rateLimited(entry.client_msg_id, 1_000));
  const [retry] = [...timers.due.values()];
  socket.receive(ack(entry.client_msg_id, 1));
  assert.equal(timers.due.size, 0);
  retry!.fn();
  assert.equal(socket.sentOfType("send").length, 1);
});

Deno.test("Outbox.close() stops listening, cancels retries and drops listeners; unsubscribe works", () => {
  const { socket, timers, outbox } = setup();
  const heard: string[] = [];
  const unsubscribe = outbox.subscribe(() => heard.push("gone"));
  outbox.subscribe(() => heard.push("kept"));
  unsubscribe();
  const entry = outbox.submit(line("x"));
  socket.receive(rateLimited(entry.client_msg_id, 1_000));
  timers.fireAll();
  assert.deepEqual(heard, ["kept"], "the unsubscribed listener hears nothing");
  socket.receive(rateLimited(entry.client_msg_id, 1_000));
  const [retry] = [...timers.due.values()];
  outbox.close();
  assert.equal(timers.due.size, 0, "the retry is cancelled");
  retry!.fn(); // a timer that fired anyway
  assert.deepEqual(heard, ["kept"], "no listener after close");
  socket.receive(ack(entry.client_msg_id, 1));
  assert.equal(outbox.pending.length, 1, "no longer listening to the socket");
});

Deno.test("Outbox retries on the real timers by default, and close() cancels them", () => {
  const clock = FakeTimers.withGlobal(globalThis).install({
    toFake: ["setTimeout", "clearTimeout"],
  });
  try {
    const socket = new FakeChatSocket({ state: "connected" });
    const outbox = new Outbox({ socket, store: new MemoryOutboxStore(), userId: alice.id });
    const entry = outbox.submit(line("x"));
    socket.receive(rateLimited(entry.client_msg_id, 1_000));
    clock.tick(999);
    assert.equal(socket.sent.length, 1);
    clock.tick(1);
    assert.equal(socket.sent.length, 2, "sent again at retry_after_ms");
    socket.receive(rateLimited(entry.client_msg_id, 1_000));
    outbox.close();
    assert.equal(clock.countTimers(), 0, "close() cleared the timer");
  } finally {
    clock.uninstall();
  }
});

Deno.test("Outbox: a refusal or a retry concerns the line its ref names, among several", () => {
  const { socket, timers, outbox } = setup();
  const events: { type: string; client_msg_ids: readonly string[] }[] = [];
  outbox.subscribe((e) => events.push(e));
  const [a, b, c] = [outbox.submit(line("a")), outbox.submit(line("b")), outbox.submit(line("c"))];
  socket.receive(rateLimited(b.client_msg_id, 1_000));
  assert.equal(timers.due.size, 1);
  timers.fireAll();
  assert.deepEqual(socket.sentOfType("send").map((f) => f.text), ["a", "b", "c", "b"]);
  assert.deepEqual(events, [{ type: "resent", client_msg_ids: [b.client_msg_id] }]);
  socket.receive({
    type: "error",
    code: "not_member",
    message: "Not a member",
    ref: c.client_msg_id,
  });
  assert.deepEqual(outbox.pending.map((e) => e.text), ["a", "b"]);
  socket.receive(ack(a.client_msg_id, 1));
  assert.deepEqual(outbox.pending.map((e) => e.text), ["b"]);
});
