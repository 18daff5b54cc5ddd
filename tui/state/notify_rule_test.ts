import assert from "node:assert/strict";
import type { NotificationLevel } from "../../shared/mod.ts";
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
import { notificationFor, postedMessage } from "./notify_rule.ts";

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 3 });
const ops = room("ops", { last_seq: 5 });
const dm = room("dm-bob", { kind: "direct", last_seq: 1 });

/** alice looks at #general; #ops and the direct room with bob are elsewhere. */
function state(levels: Partial<Record<"ops" | "dm", NotificationLevel>> = {}) {
  return stateAfter(alice, {
    type: "rooms_loaded",
    rooms: [
      summary(general),
      summary(ops, { notification_level: levels.ops ?? "mentions" }),
      summary(dm, { peer: bob, notification_level: levels.dm ?? "all" }),
    ],
    select: general.id,
  });
}

Deno.test("a mention of me or @room in another room notifies at the default level", () => {
  assert.deepEqual(notificationFor(state(), message(ops, 6, bob, "@alice deploy?")), {
    title: "#ops",
    body: "bob: @alice deploy?",
  });
  assert.ok(notificationFor(state(), message(ops, 6, bob, "@room lunch")));
  assert.equal(notificationFor(state(), message(ops, 6, bob, "just chatting")), null);
  assert.ok(notificationFor(state(), message(dm, 2, bob, "psst")), "a direct message");
});

Deno.test("the level decides: all notifies of everything, none of nothing", () => {
  assert.ok(notificationFor(state({ ops: "all" }), message(ops, 6, bob, "just chatting")));
  assert.equal(notificationFor(state({ ops: "none" }), message(ops, 6, bob, "@alice hi")), null);
  assert.equal(notificationFor(state({ dm: "none" }), message(dm, 2, bob, "psst")), null);
});

Deno.test("never for my own messages, the room shown, or messages already seen", () => {
  assert.equal(notificationFor(state(), message(ops, 6, alice, "@alice note to self")), null);
  assert.equal(notificationFor(state(), message(general, 4, bob, "@alice here")), null);
  assert.equal(notificationFor(state(), message(ops, 5, bob, "@alice replayed")), null);
});

Deno.test("postedMessage() reads message_posted events only", () => {
  const m = message(ops, 6, bob);
  assert.equal(postedMessage(eventFrame(posted(m))), m);
  assert.equal(postedMessage(eventFrame(changedEvent("message_edited", m, 7))), null);
  assert.equal(postedMessage({ type: "pong" }), null);
});
