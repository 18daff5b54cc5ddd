import assert from "node:assert/strict";
import type { Message } from "../../shared/mod.ts";
import { eventFrame, message, posted, room, stateAfter, summary, user } from "../tests/fixtures.ts";
import type { ChatAction } from "./chat_actions.ts";
import { chatReducer } from "./chat_reducer.ts";
import type { ChatState } from "./chat_state.ts";
import { HELD_WINDOW } from "./held_window.ts";

const alice = user("alice");
const bob = user("bob");
const big = room("big", { last_seq: 3_000 });
const viewport = { width: 60, height: 20 };
const page = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => message(big, from + i, bob));
const loaded = (messages: Message[], direction: "latest" | "older" | "newer", more = true) =>
  ({ type: "history_loaded", room_id: big.id, messages, has_more: more, direction }) as const;
const apply = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const held = (s: ChatState) => s.rooms[big.id]!.messages;

/** Pages up until older history is wanted, then serves the page before the first held. */
function pageBack(state: ChatState): ChatState {
  let s = state;
  for (let i = 0; s.rooms[big.id]!.older !== "wanted"; i++) {
    assert.ok(i < 100, "older history is wanted within 100 pages up");
    s = chatReducer(s, { type: "scrolled", direction: "up", viewport });
  }
  const first = held(s)[0]!.seq;
  return apply(
    s,
    { type: "history_requested", room_id: big.id, direction: "older" },
    loaded(page(Math.max(1, first - 50), first - 1), "older", first - 50 > 1),
  );
}

Deno.test("a room paged far back holds at most HELD_WINDOW messages, around the view", () => {
  let s = stateAfter(alice, { type: "rooms_loaded", rooms: [summary(big)] });
  s = chatReducer(s, loaded(page(2_951, 3_000), "latest"));
  for (let i = 0; i < 30; i++) s = pageBack(s);
  assert.equal(held(s).length, HELD_WINDOW);
  assert.equal(held(s)[0]!.seq, 1_451, "the oldest pages are all there");
  assert.equal(s.rooms[big.id]!.hasNewer, true, "the newest were dropped");
  // A live message is counted on the room, not held after a gap.
  s = chatReducer(s, {
    type: "frame_received",
    frame: eventFrame(posted(message(big, 3_001, bob))),
    at: 0,
  });
  assert.equal(held(s).at(-1)!.seq, 2_450);
  assert.equal(s.rooms[big.id]!.room.last_seq, 3_001);
});

Deno.test("paging down to the end of the window pages newer messages in; Esc reloads the newest", () => {
  let s = stateAfter(alice, { type: "rooms_loaded", rooms: [summary(big)] });
  s = chatReducer(s, loaded(page(2_951, 3_000), "latest"));
  for (let i = 0; i < 30; i++) s = pageBack(s);
  for (let i = 0; s.rooms[big.id]!.newer !== "wanted"; i++) {
    assert.ok(i < 1_000, "newer history is wanted within 1,000 pages down");
    s = chatReducer(s, { type: "scrolled", direction: "down", viewport });
  }
  assert.notEqual(s.rooms[big.id]!.scroll, null, "still reading, not following the newest");
  s = apply(
    s,
    { type: "history_requested", room_id: big.id, direction: "newer" },
    loaded(page(2_451, 2_500), "newer", true),
  );
  assert.equal(held(s).length, HELD_WINDOW);
  assert.equal(held(s).at(-1)!.seq, 2_500);
  assert.equal(held(s)[0]!.seq, 1_501, "the oldest were dropped this time");
  assert.equal(s.rooms[big.id]!.hasNewer, true);
  s = chatReducer(s, { type: "scrolled_to_newest" });
  assert.deepEqual(
    [held(s).length, s.rooms[big.id]!.history, s.rooms[big.id]!.hasNewer],
    [0, "none", false],
  );
});
