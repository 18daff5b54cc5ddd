import assert from "node:assert/strict";
import { message, room, stateAfter, summary, user } from "../tests/fixtures.ts";
import { chatReducer } from "./chat_reducer.ts";

const alice = user("alice");
const bob = user("bob");
const ops = room("ops", { last_seq: 500 });

Deno.test("history_around_loaded replaces the window with the page and scrolls to the message", () => {
  const before = stateAfter(alice, { type: "rooms_loaded", rooms: [summary(ops)] });
  const page = Array.from({ length: 11 }, (_, i) => message(ops, 95 + i, bob));
  const after = chatReducer(before, {
    type: "history_around_loaded",
    room_id: ops.id,
    messages: page,
    seq: 100,
  });
  const entry = after.rooms[ops.id]!;
  assert.deepEqual(entry.messages.map((m) => m.seq), page.map((m) => m.seq));
  assert.deepEqual([entry.history, entry.hasOlder, entry.hasNewer], ["loaded", true, true]);
  assert.deepEqual(entry.scroll, { seq: 103, skip: 0 }, "three messages below the target");
});

Deno.test("a page at the newest end has no newer messages", () => {
  const before = stateAfter(alice, { type: "rooms_loaded", rooms: [summary(ops)] });
  const page = [498, 499, 500].map((seq) => message(ops, seq, bob));
  const entry = chatReducer(before, {
    type: "history_around_loaded",
    room_id: ops.id,
    messages: page,
    seq: 499,
  }).rooms[ops.id]!;
  assert.deepEqual([entry.hasNewer, entry.scroll], [false, { seq: 500, skip: 0 }]);
});
