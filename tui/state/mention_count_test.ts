import assert from "node:assert/strict";
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

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 1 });
const ops = room("ops", { last_seq: 1 });
const dm = room("dm-bob", { kind: "direct", last_seq: 1 });

const frame = (f: Parameters<typeof eventFrame>[0]): ChatAction => ({
  type: "frame_received",
  frame: eventFrame(f),
  at: 0,
});
const loaded: ChatAction = {
  type: "rooms_loaded",
  rooms: [summary(general), summary(ops), summary(dm, { peer: bob })],
  select: general.id,
};
const history: ChatAction = {
  type: "history_loaded",
  room_id: ops.id,
  messages: [message(ops, 1, bob)],
  has_more: false,
  direction: "latest",
};

Deno.test("mentions of me elsewhere are counted live; a direct message is one", () => {
  const state = stateAfter(
    alice,
    loaded,
    frame(posted(message(ops, 2, bob, "@alice look"))),
    frame(posted(message(ops, 3, bob, "no mention"))),
    frame(posted(message(ops, 4, bob, "@room all hands"))),
    frame(posted(message(dm, 2, bob, "psst"))),
    frame(posted(message(general, 2, bob, "@alice in the room shown"))),
  );
  assert.deepEqual(
    [ops, dm, general].map((r) => [state.rooms[r.id]!.unread, state.rooms[r.id]!.mentionCount]),
    [[3, 2], [1, 1], [0, 0]],
  );
});

Deno.test("a deleted mention stops counting; reading or showing the room clears the count", () => {
  const mention = message(ops, 2, bob, "@alice look");
  const counted = stateAfter(alice, loaded, history, frame(posted(mention)));
  assert.equal(counted.rooms[ops.id]!.mentionCount, 1);
  const tombstone = { ...mention, text: "", deleted: true };
  const deleted = chatReducer(counted, frame(changedEvent("message_deleted", tombstone, 3)));
  assert.deepEqual([deleted.rooms[ops.id]!.unread, deleted.rooms[ops.id]!.mentionCount], [0, 0]);
  const read = chatReducer(counted, {
    type: "frame_received",
    frame: { type: "read_marker", room_id: ops.id, last_read_seq: 2, unread_count: 0 },
    at: 0,
  });
  assert.equal(read.rooms[ops.id]!.mentionCount, 0);
  const shown = chatReducer(counted, { type: "room_selected", room: ops.id });
  assert.equal(shown.rooms[ops.id]!.mentionCount, 0);
});
