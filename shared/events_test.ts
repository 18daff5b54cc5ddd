import assert from "node:assert/strict";
import { applyMessageChanges, RoomEvent } from "./events.ts";
import { type Message, replyPreviewOf } from "./messages.ts";

const alice = { id: "5d0a3f9e-8a9c-4c1e-a6f7-5b1b1f7c2d11", username: "alice" };
const room = "0b7e4b5e-3f1c-4d55-9a36-2a8d0ad3c6a0";

function message(n: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `0b7e4b5e-3f1c-4d55-9a36-2a8d0ad3c6b${n}`,
    room_id: room,
    seq: n,
    sender: alice,
    kind: "text",
    text: `message ${n}`,
    client_msg_id: `0b7e4b5e-3f1c-4d55-9a36-2a8d0ad3c6c${n}`,
    created_at: "2026-12-01T20:00:00.000Z",
    edited_at: null,
    deleted: false,
    reactions: [],
    reply_to: null,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
    ...overrides,
  };
}

Deno.test("replyPreviewOf() keeps the first 100 code points, and nothing of a deleted message", () => {
  const long = message(1, { text: "é".repeat(99) + "👍👍" });
  assert.equal(replyPreviewOf(long).text, "é".repeat(99) + "👍");
  const gone = replyPreviewOf(message(1, { text: "", deleted: true }));
  assert.deepEqual([gone.text, gone.deleted], ["", true]);
});

Deno.test("applyMessageChanges() replaces by id and refreshes the previews of replies", () => {
  const quoted = message(1);
  const reply = message(2, { reply_to: replyPreviewOf(quoted) });
  const other = message(3);
  const deleted = { ...quoted, text: "", deleted: true };
  const held = applyMessageChanges([quoted, reply, other], [deleted]);
  assert.deepEqual(held, [deleted, { ...reply, reply_to: replyPreviewOf(deleted) }, other]);
  assert.equal(held[1]!.reply_to!.deleted, true);
});

Deno.test("RoomEvent parses every event with its seq and refuses an unknown type", () => {
  const base = { room_id: room, seq: 7, actor: alice, created_at: "2026-12-01T20:00:00Z" };
  const posted = { type: "message_posted", ...base, message: message(7), thread_root: null };
  assert.equal(RoomEvent.parse(posted).seq, 7);
  const reacted = { type: "reaction_added", ...base, emoji: "👍", message: message(7) };
  assert.equal(RoomEvent.parse(reacted).type, "reaction_added");
  assert.equal(RoomEvent.safeParse({ ...posted, type: "message_moved" }).success, false);
  assert.equal(RoomEvent.safeParse({ ...posted, seq: undefined }).success, false);
});
