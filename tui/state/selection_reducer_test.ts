import assert from "node:assert/strict";
import { message, room, stateAfter, summary, user } from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import { selectedMessage } from "./selection_reducer.ts";
import { visibleRows } from "./viewport.ts";

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 30 });
const random = room("random");
const viewport = { width: 60, height: 6 };
const messages = Array.from({ length: 30 }, (_, i) => message(general, i + 1, i % 2 ? alice : bob));
const start: ChatAction[] = [
  { type: "rooms_loaded", rooms: [summary(general), summary(random)] },
  { type: "history_loaded", room_id: general.id, messages, has_more: false, direction: "latest" },
];
const up: ChatAction = { type: "selection_moved", delta: -1, viewport };
const down: ChatAction = { type: "selection_moved", delta: 1, viewport };

Deno.test("selection starts at the newest message, moves, and ends past the newest", () => {
  let state = stateAfter(alice, ...start, { type: "selection_started", viewport });
  assert.equal(selectedMessage(state)?.seq, 30);
  assert.match(state.notice?.lines[0] ?? "", /e edit · d delete · r reply · \+ react/);
  state = [up, up].reduce(chatReducer, state);
  assert.equal(selectedMessage(state)?.seq, 28);
  state = [down, down, down].reduce(chatReducer, state);
  assert.equal(state.selected, null);
});

Deno.test("moving the selection above the screen scrolls it into view", () => {
  let state = stateAfter(alice, ...start, { type: "selection_started", viewport });
  for (let i = 0; i < 10; i++) state = chatReducer(state, up);
  assert.equal(selectedMessage(state)?.seq, 20);
  assert.notEqual(state.rooms[general.id]!.scroll, null);
  const { rows } = visibleRows(state.rooms[general.id]!, { width: 60, me: alice }, 6);
  assert.ok(rows.some((r) => r.type === "text" && r.message === selectedMessage(state)));
});

Deno.test("asking to delete names the message; changing rooms drops the selection and compose", () => {
  const target = messages[1]!;
  let state = stateAfter(alice, ...start, {
    type: "compose_started",
    compose: { type: "delete", message: target },
  });
  assert.match(state.notice?.lines[0] ?? "", /^Delete alice's message "message 2"\? y deletes it/);
  state = chatReducer(state, { type: "selection_started", viewport });
  state = chatReducer(state, {
    type: "compose_started",
    compose: { type: "reply", message: target },
  });
  assert.equal(state.selected, null);
  state = chatReducer(state, { type: "room_selected", room: "random" });
  assert.equal(state.compose, null);
});

Deno.test("an action is pending until its ack; a refusal is shown, not lost", () => {
  const id = "00000000-0000-4000-8000-0000000000e1";
  const action = { type: "edit", room_id: general.id, message_id: messages[1]!.id } as const;
  const state = stateAfter(alice, ...start, {
    type: "action_submitted",
    client_event_id: id,
    action,
  });
  assert.deepEqual(state.actions, { [id]: action });
  const acked = chatReducer(state, {
    type: "frame_received",
    at: 0,
    frame: { type: "ack", ref: id, room_id: general.id, message_id: action.message_id, seq: 31 },
  });
  assert.deepEqual(acked.actions, {});
  const refused = chatReducer(state, {
    type: "frame_received",
    at: 0,
    frame: { type: "error", code: "forbidden", message: "Not yours", ref: id },
  });
  assert.deepEqual(refused.actions, {});
  assert.deepEqual(refused.notice, {
    level: "error",
    lines: ["Cannot edit the message: Not yours"],
  });
  const limited = chatReducer(state, {
    type: "frame_received",
    at: 0,
    frame: { type: "error", code: "rate_limited", message: "Slow", ref: id, retry_after_ms: 10 },
  });
  assert.deepEqual(limited.actions, { [id]: action }, "still pending: the queue sends it again");
});
