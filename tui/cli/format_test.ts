import assert from "node:assert/strict";
import type { Message, RoomSummary } from "../../shared/mod.ts";
import { formatMessage, formatRooms, roomLabel } from "./format.ts";

const alice = { id: "65f85102-f856-4a99-ba60-cfbf62344b0c", username: "alice" };

function room(overrides: Partial<RoomSummary>): RoomSummary {
  return {
    id: crypto.randomUUID(),
    kind: "public",
    name: "general",
    topic: "",
    owner_id: null,
    last_seq: 0,
    created_at: "2026-11-22T00:48:10.689Z",
    role: "member",
    unread_count: 0,
    last_read_seq: 0,
    last_message: null,
    peer: null,
    online_count: 0,
    peer_online: null,
    mention_count: 0,
    notification_level: "mentions",
    ...overrides,
  };
}

Deno.test("roomLabel() names rooms with # and direct rooms by their peer", () => {
  assert.equal(roomLabel(room({ name: "general" })), "#general");
  assert.equal(roomLabel(room({ kind: "direct", name: null, peer: alice })), "@alice");
});

Deno.test("formatRooms() aligns my rooms with kind, unread count and topic", () => {
  const rooms = [
    room({ name: "general", unread_count: 3, topic: "Anything goes" }),
    room({ kind: "direct", name: null, peer: alice }),
  ];
  assert.deepEqual(formatRooms(rooms, "mine"), [
    "ROOM      KIND    UNREAD  TOPIC",
    "#general  public  3       Anything goes",
    "@alice    direct  0",
  ]);
});

Deno.test("formatRooms() lists joinable rooms with their topic only", () => {
  assert.deepEqual(formatRooms([room({ name: "plaza", topic: "Say hi" })], "public"), [
    "ROOM    TOPIC",
    "#plaza  Say hi",
  ]);
});

Deno.test("formatMessage() prints local time, sender and text; actions with a star", () => {
  const created = new Date(2026, 10, 22, 9, 5); // local time
  const message: Message = {
    id: crypto.randomUUID(),
    room_id: crypto.randomUUID(),
    seq: 1,
    sender: alice,
    kind: "text",
    text: "hello bob",
    client_msg_id: crypto.randomUUID(),
    created_at: created.toISOString(),
    edited_at: null,
    deleted: false,
    reactions: [],
    reply_to: null,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
  };
  assert.deepEqual(formatMessage(message), ["09:05 <alice> hello bob"]);
  assert.deepEqual(formatMessage({ ...message, kind: "action", text: "waves" }), [
    "09:05 * alice waves",
  ]);
  assert.deepEqual(formatMessage({ ...message, text: "two\n09:06 <bob> lines" }), [
    "09:05 <alice> two",
    "      09:06 <bob> lines",
  ]);
});
