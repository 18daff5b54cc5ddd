import assert from "node:assert/strict";
import { ChatError, REACTIONS_MAX_EMOJI } from "../../shared/mod.ts";
import type { ActionState, MessageAction } from "../store/message_actions.ts";
import { checkAction } from "./action_rules.ts";

const [AUTHOR, OWNER, MEMBER] = ["author", "owner", "member"];
const on = { roomId: "r", messageId: "m" };

/** A public room owned by OWNER, with a message by AUTHOR and the actor's `role`. */
function state(overrides: Partial<ActionState> = {}): ActionState {
  return {
    room: { kind: "public", name: "general", ownerId: OWNER },
    role: "member",
    message: { senderId: AUTHOR, deleted: false },
    emoji: [],
    ...overrides,
  };
}

/** The code `checkAction` refuses with, or "ok". */
function verdict(action: MessageAction, s: ActionState): string {
  try {
    checkAction(action, s);
    return "ok";
  } catch (err) {
    assert.ok(err instanceof ChatError);
    return err.code;
  }
}

Deno.test("checkAction: edit is the author's, delete the author's or the owner's", () => {
  const edit = (userId: string) => ({ ...on, userId, kind: "edit" as const, text: "t" });
  const del = (userId: string) => ({ ...on, userId, kind: "delete" as const });
  assert.deepEqual(
    [AUTHOR, OWNER, MEMBER].map((u) => [verdict(edit(u), state()), verdict(del(u), state())]),
    [["ok", "ok"], ["forbidden", "ok"], ["forbidden", "forbidden"]],
  );
});

Deno.test("checkAction: who is not a member is refused, as 404 where the room is not public", () => {
  const react = { ...on, userId: MEMBER, kind: "react" as const, emoji: "👍" };
  assert.equal(verdict(react, state({ role: null })), "not_member");
  const hidden = state({ role: null, room: { kind: "private", name: "s", ownerId: OWNER } });
  assert.equal(verdict(react, hidden), "room_not_found");
  assert.equal(verdict(react, state({ room: null })), "room_not_found");
  assert.equal(verdict(react, state({ message: null })), "message_not_found");
});

Deno.test("checkAction: a deleted message may only be deleted again", () => {
  const gone = state({ message: { senderId: AUTHOR, deleted: true } });
  const as = { ...on, userId: AUTHOR };
  assert.deepEqual(
    [
      verdict({ ...as, kind: "edit", text: "t" }, gone),
      verdict({ ...as, kind: "react", emoji: "👍" }, gone),
      verdict({ ...as, kind: "unreact", emoji: "👍" }, gone),
      verdict({ ...as, kind: "delete" }, gone),
    ],
    ["message_deleted", "message_deleted", "message_deleted", "ok"],
  );
});

Deno.test(`checkAction: at most ${REACTIONS_MAX_EMOJI} distinct emoji, one already there is fine`, () => {
  const emoji = Array.from({ length: REACTIONS_MAX_EMOJI }, (_, i) => `e${i}`);
  const react = (e: string) => ({ ...on, userId: MEMBER, kind: "react" as const, emoji: e });
  assert.equal(verdict(react("new"), state({ emoji: emoji.slice(1) })), "ok");
  assert.equal(verdict(react("new"), state({ emoji })), "too_many_reactions");
  assert.equal(verdict(react("e3"), state({ emoji })), "ok");
});
