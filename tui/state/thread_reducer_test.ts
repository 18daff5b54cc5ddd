import assert from "node:assert/strict";
import type { ServerFrame } from "../../shared/mod.ts";
import { eventFrame, message, posted, room, stateAfter, summary, user } from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import { type ChatState, shownList } from "./chat_state.ts";

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 2 });
const root = message(general, 1, bob, "lunch?", { reply_count: 1 });
const firstReply = message(general, 2, bob, "anyone?", { thread_root_id: root.id });
const frame = (f: ServerFrame): ChatAction => ({ type: "frame_received", frame: f, at: 0 });
const mine = "00000000-0000-4000-8000-0000000000c1";
const idOfReply = "00000000-0000-4000-8000-0000000000d1";

const opened = (): ChatState =>
  stateAfter(
    alice,
    { type: "rooms_loaded", rooms: [summary(general)] },
    {
      type: "history_loaded",
      room_id: general.id,
      messages: [root],
      has_more: false,
      direction: "latest",
    },
    { type: "thread_opened", root },
  );

Deno.test("a thread opens loading, lists its root then its replies, and closes", () => {
  let state = opened();
  assert.equal(state.thread?.history, "loading");
  assert.equal(shownList(state)?.history, "loading");
  state = chatReducer(state, {
    type: "thread_loaded",
    root_id: root.id,
    messages: [firstReply],
    has_more: false,
  });
  assert.deepEqual(shownList(state)?.messages.map((m) => m.text), ["lunch?", "anyone?"]);
  const reply = message(general, 3, bob, "me!", { thread_root_id: root.id });
  state = chatReducer(state, frame(eventFrame(posted(reply, { ...root, reply_count: 2 }))));
  assert.deepEqual(shownList(state)?.messages.map((m) => m.text), ["lunch?", "anyone?", "me!"]);
  assert.equal(state.thread?.root.reply_count, 2);
  state = chatReducer(state, { type: "thread_closed" });
  assert.equal(state.thread, null);
  assert.deepEqual(shownList(state)?.messages.map((m) => m.text), ["lunch?"]);
  assert.equal(shownList(state)?.messages[0]?.reply_count, 2);
});

Deno.test("my thread reply is pending in the thread only, and lands there at its ack", () => {
  let state = chatReducer(opened(), {
    type: "message_submitted",
    room_id: general.id,
    client_msg_id: mine,
    text: "count me in",
    kind: "text",
    at: 0,
    thread_root_id: root.id,
  });
  assert.deepEqual(shownList(state)?.pending.map((p) => p.text), ["count me in"]);
  const closed = chatReducer(state, { type: "thread_closed" });
  assert.deepEqual(shownList(closed)?.pending, [], "not in the timeline");
  state = chatReducer(
    state,
    frame({ type: "ack", ref: mine, room_id: general.id, message_id: idOfReply, seq: 3 }),
  );
  assert.deepEqual(state.rooms[general.id]!.pending, []);
  assert.deepEqual(state.thread?.messages.map((m) => [m.text, m.thread_root_id]), [
    ["count me in", root.id],
  ]);
  assert.deepEqual(state.rooms[general.id]!.messages.map((m) => m.text), ["lunch?"]);
});

Deno.test("a truncated replay or a failed load is said and the thread is loaded again", () => {
  let state = chatReducer(opened(), {
    type: "thread_loaded",
    root_id: root.id,
    messages: [firstReply],
    has_more: false,
  });
  state = chatReducer(
    state,
    frame({ type: "synced", room_id: general.id, seq: 90, truncated: true }),
  );
  assert.equal(state.thread?.history, "loading");
  state = chatReducer(state, { type: "thread_failed", root_id: root.id, error: "Not found" });
  assert.deepEqual(state.notice?.lines, ["Cannot load the thread: Not found"]);
});

Deno.test("only a message of the room shown's timeline opens a thread", () => {
  const state = opened();
  assert.equal(chatReducer(state, { type: "thread_closed" }).thread, null);
  const closed = chatReducer(state, { type: "thread_closed" });
  assert.equal(chatReducer(closed, { type: "thread_opened", root: firstReply }).thread, null);
});
