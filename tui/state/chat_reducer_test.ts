import assert from "node:assert/strict";
import type { Message, Room, RoomEvent } from "../../shared/mod.ts";
import {
  eventFrame,
  memberEvent,
  message,
  posted,
  room,
  stateAfter,
  summary,
  user,
} from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import { type ChatState, currentRoom } from "./chat_state.ts";
import { visibleRows } from "./viewport.ts";

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 3 });
const random = room("random", { last_seq: 1 });
const dm = room("dm-bob", { kind: "direct" });

const loaded: ChatAction = {
  type: "rooms_loaded",
  rooms: [summary(random), summary(dm, { peer: bob }), summary(general)],
};
const frame = (
  f: Extract<ChatAction, { type: "frame_received" }>["frame"],
  at = 0,
): ChatAction => ({
  type: "frame_received",
  frame: f,
  at,
});
const history = (
  roomId: string,
  messages: Message[],
  has_more = false,
  direction: "latest" | "older" | "newer" = "latest",
): ChatAction => ({ type: "history_loaded", room_id: roomId, messages, has_more, direction });
const seqs = (state: ChatState, roomId: string) => state.rooms[roomId]!.messages.map((m) => m.seq);
const apply = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);

Deno.test("rooms_loaded lists rooms and selects the first room, rooms before direct messages", () => {
  const state = stateAfter(alice, loaded);
  assert.deepEqual(Object.keys(state.rooms).sort(), [general.id, random.id, dm.id].sort());
  assert.equal(state.currentRoomId, general.id);
  assert.equal(state.rooms[dm.id]!.peer?.username, "bob");
});

Deno.test("rooms_loaded takes unread and mention counts from the server, except for the room shown", () => {
  const state = stateAfter(alice, {
    type: "rooms_loaded",
    rooms: [
      summary(general, { unread_count: 2, mention_count: 1 }),
      summary(random, {
        unread_count: 1,
        mention_count: 1,
        notification_level: "none",
        last_message: message(random, 1, bob, "hi @alice"),
      }),
    ],
  });
  assert.deepEqual([state.rooms[general.id]!.unread, state.rooms[general.id]!.mentionCount], [
    0,
    0,
  ]);
  assert.deepEqual([state.rooms[random.id]!.unread, state.rooms[random.id]!.mentionCount], [1, 1]);
  assert.equal(state.rooms[random.id]!.mentioned, true);
  assert.equal(state.rooms[random.id]!.notificationLevel, "none");
});

Deno.test("rooms_loaded drops rooms no longer listed and shows another when the shown one went", () => {
  const before = stateAfter(alice, loaded);
  const after = chatReducer(before, { type: "rooms_loaded", rooms: [summary(random)] });
  assert.deepEqual(Object.keys(after.rooms), [random.id]);
  assert.equal(after.currentRoomId, random.id);
});

Deno.test("history_loaded keeps messages sorted by seq and de-duplicated", () => {
  const state = stateAfter(
    alice,
    loaded,
    history(general.id, [message(general, 2, bob), message(general, 3, bob)], true),
    history(general.id, [message(general, 1, bob), message(general, 2, bob)], false, "older"),
    history(general.id, [message(general, 3, bob)], false, "newer"),
  );
  assert.deepEqual(seqs(state, general.id), [1, 2, 3]);
  assert.equal(state.rooms[general.id]!.hasOlder, false);
  assert.equal(state.rooms[general.id]!.history, "loaded");
});

Deno.test("a latest page keeps live messages that arrived while it loaded", () => {
  const state = stateAfter(
    alice,
    loaded,
    { type: "history_requested", room_id: general.id, direction: "latest" },
    frame(eventFrame(posted(message(general, 4, bob)))),
    history(general.id, [message(general, 2, bob), message(general, 3, bob)], true),
  );
  assert.deepEqual(seqs(state, general.id), [2, 3, 4]);
  assert.equal(state.rooms[general.id]!.hasOlder, true);
});

Deno.test("a message in the shown room is listed once, however often it arrives, and is not unread", () => {
  const m = message(general, 4, bob);
  const state = stateAfter(
    alice,
    loaded,
    history(general.id, [message(general, 3, bob)]),
    frame(eventFrame(posted(m))),
    frame(eventFrame(posted(m))),
  );
  assert.deepEqual(seqs(state, general.id), [3, 4]);
  assert.equal(state.rooms[general.id]!.unread, 0);
});

Deno.test("messages in rooms not shown count as unread; @mentions of me mark the room", () => {
  const state = stateAfter(
    alice,
    loaded,
    frame(eventFrame(posted(message(random, 2, bob, "hello")))),
    frame(eventFrame(posted(message(random, 2, bob, "hello")))),
    frame(eventFrame(posted(message(random, 3, bob, "mail me@alice.com")))),
    frame(eventFrame(posted(message(random, 4, bob, "@alicex is not me")))),
  );
  assert.equal(state.rooms[random.id]!.unread, 3);
  assert.equal(state.rooms[random.id]!.mentioned, false);
  const mentioned = chatReducer(
    state,
    frame(eventFrame(posted(message(random, 5, bob, "ping @alice: lunch?")))),
  );
  assert.equal(mentioned.rooms[random.id]!.mentioned, true);
  // Rooms never shown hold no messages: their history loads in one piece when shown.
  assert.deepEqual(seqs(mentioned, random.id), []);
});

Deno.test("my own messages from another session do not count as unread", () => {
  const state = stateAfter(
    alice,
    loaded,
    frame(eventFrame(posted(message(random, 2, alice)))),
  );
  assert.equal(state.rooms[random.id]!.unread, 0);
});

Deno.test("showing a room clears its unread count and mention mark", () => {
  const state = stateAfter(
    alice,
    loaded,
    frame(eventFrame(posted(message(random, 2, bob, "@alice")))),
    { type: "room_selected", room: "#random" },
  );
  assert.equal(state.currentRoomId, random.id);
  assert.equal(state.rooms[random.id]!.unread, 0);
  assert.equal(state.rooms[random.id]!.mentioned, false);
});

const submitted: ChatAction = {
  type: "message_submitted",
  room_id: general.id,
  client_msg_id: "00000000-0000-4000-8000-000000000001",
  text: "hi all",
  kind: "text",
  at: Date.UTC(2025, 2, 4, 12, 30),
};
const ack = {
  type: "ack",
  room_id: general.id,
  ref: "00000000-0000-4000-8000-000000000001",
  message_id: "00000000-0000-4000-8000-0000000000aa",
  seq: 4,
} as const;
const echo = message(general, 4, alice, "hi all", {
  id: ack.message_id,
  client_msg_id: ack.ref,
});

Deno.test("a sent message is pending until its ack, then stored with its seq", () => {
  const pending = stateAfter(
    alice,
    loaded,
    history(general.id, [message(general, 3, bob)]),
    submitted,
  );
  assert.equal(pending.rooms[general.id]!.pending.length, 1);
  assert.equal(pending.rooms[general.id]!.pending[0]!.text, "hi all");
  const acked = chatReducer(pending, frame(ack));
  assert.equal(acked.rooms[general.id]!.pending.length, 0);
  assert.deepEqual(seqs(acked, general.id), [3, 4]);
  assert.equal(acked.rooms[general.id]!.messages[1]!.text, "hi all");
  // The server also echoes the message to its sender: still one copy.
  const echoed = chatReducer(acked, frame(eventFrame(posted(echo))));
  assert.deepEqual(seqs(echoed, general.id), [3, 4]);
});

Deno.test("a pending message is matched by client_msg_id when its message frame beats the ack", () => {
  const state = stateAfter(
    alice,
    loaded,
    history(general.id, []),
    submitted,
    frame(eventFrame(posted(echo))),
    frame(ack),
  );
  assert.equal(state.rooms[general.id]!.pending.length, 0);
  assert.deepEqual(seqs(state, general.id), [4]);
});

Deno.test("an error frame about a pending message marks it; other errors become a notice", () => {
  const refused = stateAfter(
    alice,
    loaded,
    submitted,
    frame({ type: "error", code: "not_member", message: "Join it first", ref: ack.ref }),
  );
  assert.equal(refused.rooms[general.id]!.pending[0]!.error, "Join it first");
  assert.equal(refused.notice, null);
  const other = chatReducer(refused, frame({ type: "error", code: "not_member", message: "Nope" }));
  assert.deepEqual(other.notice, { level: "error", lines: ["Nope"] });
});

Deno.test("typing indicators expire 5 s after the last typing event and end with a message", () => {
  const typing = frame({ type: "typing", room_id: general.id, user: bob }, 1_000);
  const state = stateAfter(alice, loaded, history(general.id, []), typing);
  assert.deepEqual(Object.values(state.rooms[general.id]!.typing), [{
    username: "bob",
    until: 6_000,
  }]);
  assert.equal(chatReducer(state, { type: "typing_expired", at: 5_999 }), state);
  const expired = chatReducer(state, { type: "typing_expired", at: 6_000 });
  assert.deepEqual(expired.rooms[general.id]!.typing, {});
  const spoke = chatReducer(state, frame(eventFrame(posted(message(general, 4, bob)))));
  assert.deepEqual(spoke.rooms[general.id]!.typing, {});
  const mine = chatReducer(state, frame({ type: "typing", room_id: general.id, user: alice }));
  assert.equal(Object.keys(mine.rooms[general.id]!.typing).length, 1);
});

Deno.test("member and room events keep the room list current", () => {
  const created = room("new-room");
  let state = stateAfter(alice, loaded);
  state = chatReducer(state, frame(eventFrame(memberEvent("member_joined", created, alice))));
  assert.ok(state.rooms[created.id]);
  // The room as the event carries it may say less than the seq the client holds.
  const lunch = roomEvent({ ...general, topic: "Lunch", last_seq: 4 }, "room_updated");
  state = chatReducer(
    state,
    frame(eventFrame({ ...lunch, room: { ...general, topic: "Lunch", last_seq: 2 } } as RoomEvent)),
  );
  assert.equal(state.rooms[general.id]!.room.topic, "Lunch");
  assert.equal(state.rooms[general.id]!.room.last_seq, 4, "the event's seq");
  state = chatReducer(state, frame(eventFrame(roomEvent(created, "room_deleted"))));
  assert.equal(state.rooms[created.id], undefined);
  state = chatReducer(state, frame(eventFrame(memberEvent("member_left", general, alice))));
  assert.equal(state.rooms[general.id], undefined);
  assert.notEqual(state.currentRoomId, general.id);
  assert.ok(state.currentRoomId && state.rooms[state.currentRoomId]);
});

Deno.test("other members joining and leaving update the member list", () => {
  const carol = user("carol");
  let state = stateAfter(alice, loaded, {
    type: "members_loaded",
    room_id: general.id,
    members: [alice, bob],
    online: [bob.id],
  });
  state = chatReducer(state, frame(eventFrame(memberEvent("member_joined", general, carol))));
  assert.deepEqual(state.rooms[general.id]!.members?.map((m) => m.username), [
    "alice",
    "bob",
    "carol",
  ]);
  state = chatReducer(state, frame(eventFrame(memberEvent("member_left", general, bob))));
  assert.deepEqual(state.rooms[general.id]!.members?.map((m) => m.username), ["alice", "carol"]);
});

Deno.test("Ctrl+N/Ctrl+P cycle through the list order and wrap around", () => {
  const state = stateAfter(alice, loaded);
  const order = [1, 1, 1].reduce<string[]>((ids, _, i) => {
    const s = apply(state, ...Array<ChatAction>(i + 1).fill({ type: "room_cycled", delta: 1 }));
    return [...ids, currentRoom(s)!.room.id];
  }, []);
  assert.deepEqual(order, [random.id, dm.id, general.id]);
  assert.equal(chatReducer(state, { type: "room_cycled", delta: -1 }).currentRoomId, dm.id);
});

Deno.test("Alt+A goes to the next unread room, rooms with a mention first", () => {
  const state = stateAfter(
    alice,
    loaded,
    frame(eventFrame(posted(message(random, 2, bob, "hello")))),
    frame(eventFrame(posted(message(dm, 1, bob, "hey @alice")))),
  );
  const first = chatReducer(state, { type: "unread_room_selected" });
  assert.equal(first.currentRoomId, dm.id);
  const second = chatReducer(first, { type: "unread_room_selected" });
  assert.equal(second.currentRoomId, random.id);
  assert.equal(chatReducer(second, { type: "unread_room_selected" }), second);
});

Deno.test("scrolling up to the top of what is held asks for older history", () => {
  const messages = Array.from({ length: 30 }, (_, i) => message(general, i + 1, bob));
  const viewport = { width: 60, height: 10 };
  let state = stateAfter(alice, loaded, history(general.id, messages, true));
  state = chatReducer(state, { type: "scrolled", direction: "up", viewport });
  assert.ok(state.rooms[general.id]!.scroll);
  assert.equal(state.rooms[general.id]!.older, "idle");
  state = apply(
    state,
    ...Array<ChatAction>(5).fill({ type: "scrolled", direction: "up", viewport }),
  );
  assert.equal(state.rooms[general.id]!.older, "wanted");
  state = chatReducer(state, {
    type: "history_requested",
    room_id: general.id,
    direction: "older",
  });
  assert.equal(state.rooms[general.id]!.older, "loading");
  state = chatReducer(state, history(general.id, [message(general, 0, bob)], false, "older"));
  assert.equal(state.rooms[general.id]!.older, "idle");
  assert.equal(state.rooms[general.id]!.hasOlder, false);
  assert.equal(state.rooms[general.id]!.owedScroll, null);
  state = chatReducer(state, { type: "scrolled_to_newest" });
  assert.equal(state.rooms[general.id]!.scroll, null);
});

Deno.test("the PgUp that reaches the first message held moves a whole page once older ones load", () => {
  // 51..61 held, one row each (and a day row): a page of 8 rows stops after 2 at the top.
  const held = Array.from({ length: 11 }, (_, i) => message(general, 51 + i, bob));
  const older = Array.from({ length: 50 }, (_, i) => message(general, 1 + i, bob));
  const viewport = { width: 60, height: 10 };
  const ctx = { width: 60, me: alice };
  const bottom = (s: ChatState) =>
    visibleRows(s.rooms[general.id]!, ctx, viewport.height).rows.at(-1);
  let state = stateAfter(alice, loaded, history(general.id, held, true));
  state = chatReducer(state, { type: "scrolled", direction: "up", viewport });
  assert.equal(state.rooms[general.id]!.older, "wanted");
  state = apply(
    state,
    { type: "history_requested", room_id: general.id, direction: "older" },
    history(general.id, older, false, "older"),
  );
  const row = bottom(state);
  assert.equal(row?.type === "text" && "seq" in row.message ? row.message.seq : null, 61 - 8);
  assert.equal(state.rooms[general.id]!.owedScroll, null);
});

Deno.test("a page down before older history arrives cancels the rest of the page up", () => {
  const held = Array.from({ length: 11 }, (_, i) => message(general, 51 + i, bob));
  const viewport = { width: 60, height: 10 };
  const state = stateAfter(
    alice,
    loaded,
    history(general.id, held, true),
    { type: "scrolled", direction: "up", viewport },
    { type: "scrolled", direction: "down", viewport },
    history(general.id, [message(general, 50, bob)], true, "older"),
  );
  assert.equal(state.rooms[general.id]!.scroll, null);
});

Deno.test("scrolling down past the newest message follows new messages again", () => {
  const messages = Array.from({ length: 30 }, (_, i) => message(general, i + 1, bob));
  const viewport = { width: 60, height: 10 };
  const up: ChatAction = { type: "scrolled", direction: "up", viewport };
  const down: ChatAction = { type: "scrolled", direction: "down", viewport };
  const state = stateAfter(alice, loaded, history(general.id, messages), up, up, down, down);
  assert.equal(state.rooms[general.id]!.scroll, null);
});

Deno.test("read_marked only moves the read marker forward", () => {
  const state = stateAfter(alice, loaded, { type: "read_marked", room_id: general.id, seq: 5 });
  assert.equal(state.rooms[general.id]!.lastReadSeq, 5);
  assert.equal(chatReducer(state, { type: "read_marked", room_id: general.id, seq: 4 }), state);
});

Deno.test("rooms_loaded shows the room asked for, by name or id, and keeps the read marker", () => {
  const state = stateAfter(alice, {
    type: "rooms_loaded",
    rooms: [summary(general, { last_read_seq: 1, unread_count: 2 }), summary(random)],
    select: "random",
  });
  assert.equal(state.currentRoomId, random.id);
  assert.equal(state.rooms[general.id]!.lastReadSeq, 1);
  assert.equal(state.rooms[general.id]!.unread, 2);
});

Deno.test("history that failed to load is retried when the room is shown again or the link is back", () => {
  const failed = stateAfter(alice, loaded, {
    type: "history_failed",
    room_id: general.id,
    direction: "latest",
    error: "Cannot reach the chat server",
  });
  assert.equal(failed.rooms[general.id]!.history, "failed");
  assert.match(failed.notice!.lines[0]!, /Cannot reach/);
  const shown = chatReducer(failed, { type: "room_selected", room: general.id });
  assert.equal(shown.rooms[general.id]!.history, "none");
  const reconnected = chatReducer(failed, {
    type: "status_changed",
    status: { state: "connected" },
  });
  assert.equal(reconnected.rooms[general.id]!.history, "none");
});

Deno.test("presence frames and loaded members keep the set of users online", () => {
  let state = stateAfter(alice, loaded, {
    type: "members_loaded",
    room_id: general.id,
    members: [alice, bob],
    online: [alice.id],
  });
  assert.deepEqual([...state.online], [alice.id]);
  state = chatReducer(
    state,
    frame({ type: "presence", user_id: bob.id, username: "bob", status: "online" }),
  );
  assert.deepEqual([...state.online].sort(), [alice.id, bob.id].sort());
  state = chatReducer(
    state,
    frame({ type: "presence", user_id: alice.id, username: "alice", status: "offline" }),
  );
  assert.deepEqual([...state.online], [bob.id]);
});

/** A `room_updated` or `room_deleted` event of `r` at `r.last_seq`, by its owner. */
function roomEvent(r: Room, type: "room_updated" | "room_deleted"): RoomEvent {
  return {
    type,
    room_id: r.id,
    seq: r.last_seq,
    actor: alice,
    created_at: r.created_at,
    room: r,
  };
}
