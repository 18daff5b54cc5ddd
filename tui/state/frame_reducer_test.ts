import assert from "node:assert/strict";
import type { Message, ServerFrame } from "../../shared/mod.ts";
import {
  changedEvent,
  eventFrame,
  message,
  posted,
  room,
  stateAfter,
  summary,
  user,
} from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import { type ChatState, resumePoints } from "./chat_state.ts";

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 3 });
const random = room("random", { last_seq: 5 });

const loaded: ChatAction = {
  type: "rooms_loaded",
  rooms: [summary(general), summary(random, { unread_count: 1 })],
};
const frame = (f: ServerFrame): ChatAction => ({ type: "frame_received", frame: f, at: 0 });
const history = (roomId: string, messages: Message[]): ChatAction => ({
  type: "history_loaded",
  room_id: roomId,
  messages,
  has_more: false,
  direction: "latest",
});
const welcome = (markers: { room_id: string; last_read_seq: number; unread_count: number }[]) =>
  frame({
    type: "welcome",
    protocol: 2,
    user: { ...alice, created_at: "2025-03-04T09:00:00.000Z" },
    read_markers: markers,
  });
const entryOf = (state: ChatState, roomId: string) => state.rooms[roomId]!;

Deno.test("resume points start at each room's last_seq and move with the stream only", () => {
  let state = stateAfter(alice, loaded);
  assert.deepEqual(resumePoints(state), { [general.id]: 3, [random.id]: 5 });
  // A history page is no stream position: events before it may still be missing.
  state = chatReducer(state, history(general.id, [message(general, 9, bob)]));
  assert.equal(resumePoints(state)[general.id], 3);
  state = chatReducer(state, frame(eventFrame(posted(message(general, 4, bob)))));
  assert.equal(resumePoints(state)[general.id], 4);
  // A replay overlapping what is held does not move it back.
  state = chatReducer(state, frame(eventFrame(posted(message(general, 2, bob)))));
  assert.equal(resumePoints(state)[general.id], 4);
});

Deno.test("a gap in a room's stream drops what is held, to be loaded again", () => {
  const state = stateAfter(alice, loaded, history(general.id, [message(general, 3, bob)]));
  assert.equal(entryOf(state, general.id).history, "loaded");
  const next = chatReducer(state, frame(eventFrame(posted(message(general, 7, bob)))));
  assert.equal(entryOf(next, general.id).history, "none");
  assert.deepEqual(entryOf(next, general.id).messages, []);
  assert.equal(resumePoints(next)[general.id], 7);
});

Deno.test("welcome sets read markers; the replay before synced does not count twice", () => {
  let state = stateAfter(alice, loaded);
  state = chatReducer(
    state,
    welcome([{ room_id: random.id, last_read_seq: 4, unread_count: 2 }]),
  );
  assert.equal(entryOf(state, random.id).unread, 2);
  assert.equal(entryOf(state, random.id).lastReadSeq, 5);
  // The replay: two messages the welcome count already includes.
  state = chatReducer(state, frame(eventFrame(posted(message(random, 6, bob)))));
  state = chatReducer(state, frame(eventFrame(posted(message(random, 7, bob)))));
  state = chatReducer(
    state,
    frame({ type: "synced", room_id: random.id, seq: 7, truncated: false }),
  );
  assert.equal(entryOf(state, random.id).unread, 2);
  // Live after synced: counted.
  state = chatReducer(state, frame(eventFrame(posted(message(random, 8, bob)))));
  assert.equal(entryOf(state, random.id).unread, 3);
});

Deno.test("a truncated replay reloads the room's history", () => {
  const state = stateAfter(alice, loaded, history(general.id, [message(general, 3, bob)]));
  const next = chatReducer(
    state,
    frame({ type: "synced", room_id: general.id, seq: 900, truncated: true }),
  );
  assert.equal(entryOf(next, general.id).history, "none");
  const whole = chatReducer(
    state,
    frame({ type: "synced", room_id: general.id, seq: 3, truncated: false }),
  );
  assert.equal(entryOf(whole, general.id).history, "loaded");
});

Deno.test("a read on another of my connections clears the unread count here", () => {
  let state = stateAfter(
    alice,
    loaded,
    frame(eventFrame(posted(message(random, 6, bob, "@alice")))),
  );
  assert.equal(entryOf(state, random.id).unread, 2);
  assert.equal(entryOf(state, random.id).mentioned, true);
  state = chatReducer(
    state,
    frame({ type: "read_marker", room_id: random.id, last_read_seq: 6, unread_count: 0 }),
  );
  assert.equal(entryOf(state, random.id).unread, 0);
  assert.equal(entryOf(state, random.id).mentioned, false);
  assert.equal(entryOf(state, random.id).lastReadSeq, 6);
  // The room shown stays read, whatever another connection has read.
  state = chatReducer(
    state,
    frame({ type: "read_marker", room_id: general.id, last_read_seq: 1, unread_count: 2 }),
  );
  assert.equal(entryOf(state, general.id).unread, 0);
});

Deno.test("an edit replayed after a reconnect reaches a message held before it", () => {
  const m = message(general, 3, bob, "before");
  let state = stateAfter(alice, loaded, history(general.id, [m]));
  state = chatReducer(
    state,
    frame(eventFrame(changedEvent("message_edited", { ...m, text: "after" }, 4))),
  );
  assert.equal(entryOf(state, general.id).messages[0]!.text, "after");
  assert.equal(resumePoints(state)[general.id], 4);
});
