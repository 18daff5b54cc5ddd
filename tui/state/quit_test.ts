import assert from "node:assert/strict";
import { room, stateAfter, summary, user } from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import { unsentCount } from "./chat_state.ts";

const alice = user("alice");
const general = room("general");
const loaded: ChatAction = { type: "rooms_loaded", rooms: [summary(general)] };
const typed: ChatAction = {
  type: "message_submitted",
  room_id: general.id,
  client_msg_id: crypto.randomUUID(),
  text: "typed while offline",
  kind: "text",
  at: 0,
};

Deno.test("quit_requested quits at once when every message is acknowledged", () => {
  const state = chatReducer(stateAfter(alice, loaded), { type: "quit_requested", at: 1_000 });
  assert.equal(state.quitting, true);
});

Deno.test("quit_requested with unsent messages asks first, and a second quit within 5 s goes", () => {
  const pending = stateAfter(alice, loaded, typed);
  assert.equal(unsentCount(pending), 1);
  const asked = chatReducer(pending, { type: "quit_requested", at: 1_000 });
  assert.equal(asked.quitting, false);
  assert.match(asked.notice?.lines[0] ?? "", /1 message is not sent yet/);
  assert.equal(chatReducer(asked, { type: "quit_requested", at: 4_000 }).quitting, true);
});

Deno.test("quit_requested asks again when the second quit comes after 5 s", () => {
  const asked = chatReducer(stateAfter(alice, loaded, typed), {
    type: "quit_requested",
    at: 1_000,
  });
  const late = chatReducer(asked, { type: "quit_requested", at: 7_000 });
  assert.deepEqual([late.quitting, late.quitArmedAt], [false, 7_000]);
});

Deno.test("the unsent warning goes away once the message is acknowledged", () => {
  const pending = stateAfter(alice, loaded, typed);
  const asked = chatReducer(pending, { type: "quit_requested", at: 1_000 });
  assert.notEqual(asked.notice, null);
  const acked = chatReducer(asked, {
    type: "frame_received",
    at: 2_000,
    frame: {
      type: "ack",
      room_id: general.id,
      ref: (typed as { client_msg_id: string }).client_msg_id,
      message_id: crypto.randomUUID(),
      seq: 1,
    },
  });
  assert.equal(unsentCount(acked), 0);
  assert.deepEqual([acked.notice, acked.quitArmedAt], [null, null]);
});

Deno.test("a rate-limited message stays unsent with a retry time, not refused", () => {
  const id = (typed as { client_msg_id: string }).client_msg_id;
  const limited = chatReducer(stateAfter(alice, loaded, typed), {
    type: "frame_received",
    at: 5_000,
    frame: { type: "error", code: "rate_limited", message: "Too many messages", ref: id },
  });
  const [pending] = limited.rooms[general.id]!.pending;
  assert.deepEqual([pending?.error, pending?.retryAt], [null, 15_000]);
  assert.equal(unsentCount(limited), 1);
  const resent = chatReducer(limited, { type: "pending_resent", client_msg_ids: [id] });
  assert.equal(resent.rooms[general.id]!.pending[0]?.retryAt, undefined);
});
