/**
 * Parsers from database rows to wire objects. Both drivers return `timestamptz` as `Date` and may
 * return `bigint` as a string (postgres.js) or a number (PGlite); these schemas accept either.
 *
 * @module
 */
import { z } from "zod";
import type { Member, Message, Room, User } from "../../shared/mod.ts";

const timestamp = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());
const int = z.coerce.number().int();

const UserRow = z.object({ id: z.string(), username: z.string(), created_at: timestamp });

/** Parses a `users` row. */
export function parseUser(row: unknown): User {
  return UserRow.parse(row);
}

const RoomRow = z.object({
  id: z.string(),
  kind: z.enum(["public", "private", "direct"]),
  name: z.string().nullable(),
  topic: z.string(),
  owner_id: z.string().nullable(),
  last_seq: int,
  created_at: timestamp,
});

/** Parses a `rooms` row. */
export function parseRoom(row: unknown): Room {
  return RoomRow.parse(row);
}

/** Columns selected for a message with alias `msg` and its sender `sender`. */
export const MESSAGE_COLUMNS = `msg.id, msg.room_id, msg.seq, msg.kind, msg.text,
  msg.client_msg_id, msg.created_at, sender.id as sender_id, sender.username as sender_username`;

const MessageRow = z.object({
  id: z.string(),
  room_id: z.string(),
  seq: int,
  kind: z.enum(["text", "action"]),
  text: z.string(),
  client_msg_id: z.string(),
  created_at: timestamp,
  sender_id: z.string(),
  sender_username: z.string(),
});

/** Parses a row selected with {@linkcode MESSAGE_COLUMNS}. */
export function parseMessage(row: unknown): Message {
  const r = MessageRow.parse(row);
  return {
    id: r.id,
    room_id: r.room_id,
    seq: r.seq,
    sender: { id: r.sender_id, username: r.sender_username },
    kind: r.kind,
    text: r.text,
    client_msg_id: r.client_msg_id,
    created_at: r.created_at,
    edited_at: null,
    deleted: false,
    reactions: [],
    reply_to: null,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
  };
}

const MemberRow = z.object({
  user_id: z.string(),
  username: z.string(),
  role: z.enum(["owner", "member"]),
  joined_at: timestamp,
  last_read_seq: int,
});

/** A member as stored; `online` comes from presence, not the database. */
export type StoredMember = Omit<Member, "online">;

/** Parses a `room_members` row joined with its user's `username`. */
export function parseMember(row: unknown): StoredMember {
  const r = MemberRow.parse(row);
  return {
    user: { id: r.user_id, username: r.username },
    role: r.role,
    joined_at: r.joined_at,
    last_read_seq: r.last_read_seq,
  };
}
