import assert from "node:assert/strict";
import type { Message, RoomEvent } from "../../shared/mod.ts";
import {
  changedEvent,
  eventFrame,
  memberEvent,
  message,
  posted,
  reactionEvent,
  room,
  stateAfter,
  summary,
  user,
} from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import type { ChatState } from "./chat_state.ts";

const alice = user("alice");
const bob = user("bob");
const carol = user("carol");
const general = room("general", { last_seq: 3 });
const random = room("random", { last_seq: 1 });

const loaded: ChatAction = {
  type: "rooms_loaded",
  rooms: [summary(general), summary(random)],
};
const ev = (event: RoomEvent): ChatAction => ({
  type: "frame_received",
  frame: eventFrame(event),
  at: 0,
});
const history = (roomId: string, messages: Message[]): ChatAction => ({
  type: "history_loaded",
  room_id: roomId,
  messages,
  has_more: false,
  direction: "latest",
});
const held = (state: ChatState, roomId = general.id) => state.rooms[roomId]!.messages;

const first = message(general, 2, bob, "hello there");
const second = message(general, 3, carol, "hi bob", {
  reply_to: { id: first.id, sender: bob, text: "hello there", deleted: false },
});
const start: ChatAction[] = [loaded, history(general.id, [first, second])];

Deno.test("message_posted adds to the timeline of the room shown and counts elsewhere", () => {
  const state = stateAfter(
    alice,
    ...start,
    ev(posted(message(general, 4, bob))),
    ev(posted(message(random, 2, bob, "ping @alice"))),
    ev(posted(message(random, 3, bob, "", { deleted: true }))),
  );
  assert.deepEqual(held(state).map((m) => m.seq), [2, 3, 4]);
  assert.equal(state.rooms[general.id]!.unread, 0);
  // A tombstone replayed as posted is not unread.
  assert.equal(state.rooms[random.id]!.unread, 1);
  assert.equal(state.rooms[random.id]!.mentioned, true);
  assert.equal(state.rooms[random.id]!.room.last_seq, 3);
});

Deno.test("message_edited replaces the message by id and the preview of replies quoting it", () => {
  const edited = { ...first, text: "hello, there", edited_at: "2025-03-04T13:00:00.000Z" };
  const state = stateAfter(alice, ...start, ev(changedEvent("message_edited", edited, 4)));
  assert.equal(held(state)[0]!.text, "hello, there");
  assert.equal(held(state)[0]!.edited_at, edited.edited_at);
  assert.equal(held(state)[1]!.reply_to?.text, "hello, there");
  assert.deepEqual(held(state).map((m) => m.seq), [2, 3]);
  assert.equal(state.rooms[general.id]!.room.last_seq, 4);
  assert.equal(state.rooms[general.id]!.unread, 0);
});

Deno.test("message_deleted leaves the tombstone, clears quoting previews and its unread count", () => {
  const tombstone = { ...first, text: "", deleted: true };
  const state = stateAfter(alice, ...start, ev(changedEvent("message_deleted", tombstone, 4)));
  assert.equal(held(state)[0]!.deleted, true);
  assert.equal(held(state)[0]!.text, "");
  assert.deepEqual(held(state)[1]!.reply_to, {
    id: first.id,
    sender: bob,
    text: "",
    deleted: true,
  });

  const inRandom = message(random, 2, bob, "@alice oops");
  const counted = stateAfter(alice, loaded, ev(posted(inRandom)));
  assert.equal(counted.rooms[random.id]!.unread, 1);
  const gone = chatReducer(
    counted,
    ev(changedEvent("message_deleted", { ...inRandom, text: "", deleted: true }, 3)),
  );
  assert.equal(gone.rooms[random.id]!.unread, 0);
  assert.equal(gone.rooms[random.id]!.mentioned, false);
  // Deleted twice (a replay): counted down once.
  const again = chatReducer(
    gone,
    ev(changedEvent("message_deleted", { ...inRandom, text: "", deleted: true }, 3)),
  );
  assert.equal(again.rooms[random.id]!.unread, 0);
});

Deno.test("reaction events replace the message with its new counts", () => {
  const reactions = [{ emoji: "👍", count: 2, users: [bob, alice] }];
  const reacted = { ...second, reactions };
  let state = stateAfter(
    alice,
    ...start,
    ev(reactionEvent("reaction_added", reacted, 4, alice, "👍")),
  );
  assert.deepEqual(held(state)[1]!.reactions, reactions);
  assert.equal(held(state)[1]!.reply_to?.text, "hello there");
  state = chatReducer(state, ev(reactionEvent("reaction_removed", second, 5, alice, "👍")));
  assert.deepEqual(held(state)[1]!.reactions, []);
  assert.equal(state.rooms[general.id]!.room.last_seq, 5);
});

Deno.test("a thread reply updates the root's reply count, not the timeline, and goes to its open thread", () => {
  const reply = message(general, 4, bob, "in thread", { thread_root_id: first.id });
  const root = { ...first, reply_count: 1, last_reply_at: reply.created_at };
  const closed = stateAfter(alice, ...start, ev(posted(reply, root)));
  assert.deepEqual(held(closed).map((m) => m.seq), [2, 3]);
  assert.equal(held(closed)[0]!.reply_count, 1);
  assert.equal(closed.rooms[general.id]!.room.last_seq, 4);

  const open: ChatState = {
    ...stateAfter(alice, ...start),
    thread: { room_id: general.id, root: first, messages: [], history: "loaded", hasOlder: false },
  };
  const shown = chatReducer(open, ev(posted(reply, root)));
  assert.deepEqual(shown.thread?.messages.map((m) => m.id), [reply.id]);
  assert.equal(shown.thread?.root.reply_count, 1);
  // A thread reply is not unread, even in a room not shown.
  const elsewhere = message(random, 2, bob, "@alice", { thread_root_id: first.id });
  assert.equal(chatReducer(shown, ev(posted(elsewhere, null))).rooms[random.id]!.unread, 0);

  const deletedReply = { ...reply, text: "", deleted: true };
  const after = chatReducer(
    shown,
    ev(changedEvent("message_deleted", deletedReply, 5, { ...root, reply_count: 0 })),
  );
  assert.equal(after.thread!.messages[0]!.deleted, true);
  assert.equal(after.thread?.root.reply_count, 0);
  assert.equal(held(after)[0]!.reply_count, 0);
});

Deno.test("my thread reply replaces its pending copy", () => {
  const pendingId = "00000000-0000-4000-8000-000000000001";
  const state = stateAfter(alice, ...start, {
    type: "message_submitted",
    room_id: general.id,
    client_msg_id: pendingId,
    text: "mine",
    kind: "text",
    at: 0,
  });
  const reply = message(general, 4, alice, "mine", {
    client_msg_id: pendingId,
    thread_root_id: first.id,
  });
  const stored = chatReducer(state, ev(posted(reply, { ...first, reply_count: 1 })));
  assert.deepEqual(stored.rooms[general.id]!.pending, []);
  assert.deepEqual(held(stored).map((m) => m.seq), [2, 3]);
});

Deno.test("membership events add and forget my rooms and keep member lists", () => {
  const created = room("new-room", { last_seq: 1 });
  let state = stateAfter(alice, ...start, {
    type: "members_loaded",
    room_id: general.id,
    members: [alice, bob],
    online: [],
  });
  state = chatReducer(state, ev(memberEvent("member_added", created, alice)));
  assert.ok(state.rooms[created.id]);
  state = chatReducer(state, ev(memberEvent("member_joined", { ...general, last_seq: 9 }, carol)));
  assert.deepEqual(state.rooms[general.id]!.members?.map((m) => m.username), [
    "alice",
    "bob",
    "carol",
  ]);
  assert.equal(state.rooms[general.id]!.room.last_seq, 9);
  state = chatReducer(state, ev(memberEvent("member_left", { ...general, last_seq: 10 }, bob)));
  assert.deepEqual(state.rooms[general.id]!.members?.map((m) => m.username), ["alice", "carol"]);
  state = {
    ...state,
    thread: { room_id: general.id, root: first, messages: [], history: "loaded", hasOlder: false },
  };
  state = chatReducer(state, ev(memberEvent("member_left", { ...general, last_seq: 11 }, alice)));
  assert.equal(state.rooms[general.id], undefined);
  assert.equal(state.thread, null);
  assert.notEqual(state.currentRoomId, general.id);
});

Deno.test("room_updated and room_deleted change and remove the room", () => {
  const base = { room_id: general.id, actor: alice, created_at: "2025-03-04T13:00:00.000Z" };
  let state = stateAfter(alice, ...start);
  state = chatReducer(
    state,
    ev({
      type: "room_updated",
      ...base,
      seq: 12,
      room: { ...general, topic: "Lunch", last_seq: 12 },
    }),
  );
  assert.equal(state.rooms[general.id]!.room.topic, "Lunch");
  assert.equal(state.rooms[general.id]!.room.last_seq, 12);
  state = chatReducer(state, ev({ type: "room_deleted", ...base, seq: 13, room: general }));
  assert.equal(state.rooms[general.id], undefined);
});

Deno.test("an edit of a message not held changes nothing but the room's seq", () => {
  const state = stateAfter(alice, ...start);
  const far = message(general, 1, bob, "old");
  const next = chatReducer(state, ev(changedEvent("message_edited", { ...far, text: "new" }, 4)));
  assert.deepEqual(held(next), held(state));
  assert.equal(next.rooms[general.id]!.room.last_seq, 4);
});
