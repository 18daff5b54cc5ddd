import assert from "node:assert/strict";
import { FakeChatSocket } from "../tests/fake_chat_socket.ts";
import { idOf } from "../tests/fixtures.ts";
import { ActionQueue } from "./action_queue.ts";
import type { OutboxTimers } from "./outbox.ts";

const room_id = idOf("room:general");
const message_id = idOf("message:1");
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
}

const ack = (ref: string) => ({ type: "ack" as const, ref, room_id, message_id, seq: 9 });

Deno.test("ActionQueue sends with a client_event_id and forgets the action at its ack", () => {
  const socket = new FakeChatSocket();
  const queue = new ActionQueue({ socket });
  const id = queue.submit({ type: "edit", room_id, message_id, text: "fixed" });
  assert.deepEqual(socket.sent, [{
    type: "edit",
    room_id,
    message_id,
    text: "fixed",
    client_event_id: id,
  }]);
  socket.receive(ack(id));
  assert.deepEqual(queue.pending, []);
  queue.close();
});

Deno.test("ActionQueue sends again after a reconnect, with the same client_event_id", () => {
  const socket = new FakeChatSocket(OFFLINE);
  const queue = new ActionQueue({ socket });
  const id = queue.submit({ type: "react", room_id, message_id, emoji: "🎉" });
  assert.deepEqual(socket.sent, []);
  socket.setStatus({ state: "connected" });
  socket.setStatus(OFFLINE);
  socket.setStatus({ state: "connected" });
  assert.deepEqual(socket.sentOfType("react").map((f) => f.client_event_id), [id, id]);
  socket.receive({ type: "error", code: "not_found", message: "No such message", ref: id });
  socket.setStatus({ state: "connected" });
  assert.equal(socket.sentOfType("react").length, 2, "a refused action is not sent again");
  queue.close();
});

Deno.test("ActionQueue waits out a rate limit before sending again", () => {
  const socket = new FakeChatSocket();
  const timers = new ManualTimers();
  const queue = new ActionQueue({ socket, timers });
  const id = queue.submit({ type: "delete", room_id, message_id });
  socket.receive({
    type: "error",
    code: "rate_limited",
    message: "Slow down",
    ref: id,
    retry_after_ms: 1_500,
  });
  const [timer] = [...timers.due.values()];
  assert.equal(timer?.ms, 1_500);
  assert.equal(socket.sentOfType("delete").length, 1);
  timer!.fn();
  assert.equal(socket.sentOfType("delete").length, 2);
  assert.equal(queue.pending.length, 1);
  queue.close();
});
