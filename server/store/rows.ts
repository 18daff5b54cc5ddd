/**
 * Parsers from database rows to wire objects. Both drivers return `timestamptz` as `Date` and may
 * return `bigint` as a string (postgres.js) or a number (PGlite); these schemas accept either.
 *
 * @module
 */
import { z } from "zod";
import {
  type Member,
  type Message,
  REACTION_USERS_SHOWN,
  replyPreviewOf,
  type Room,
  type User,
} from "../../shared/mod.ts";

const timestamp = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());
const int = z.coerce.number().int();

const UserRow = z.object({ id: z.string(), username: z.string(), created_at: timestamp });

/** Parses a `users` row. */
export function parseUser(row: unknown): User {
  return UserRow.parse(row);
}

/** Columns selected for a room with alias `r`. */
export const ROOM_COLUMNS = "r.id, r.kind, r.name, r.topic, r.owner_id, r.last_seq, r.created_at";

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

/**
 * Columns selected for a message in its current state, with alias `msg`, its sender `sender`
 * and, when it answers one, the quoted message `quoted` with its sender `quoted_sender` (see
 * {@linkcode MESSAGE_FROM}). Reactions are aggregated per emoji in order of first use, with the
 * first {@linkcode REACTION_USERS_SHOWN} users of each.
 */
export const MESSAGE_COLUMNS = `msg.id, msg.room_id, msg.seq, msg.kind, msg.text,
  msg.client_msg_id, msg.created_at, sender.id as sender_id, sender.username as sender_username,
  msg.edited_at, msg.deleted, msg.thread_root_id, msg.reply_count, msg.last_reply_at,
  quoted.id as quoted_id, quoted.text as quoted_text, quoted.deleted as quoted_deleted,
  quoted_sender.id as quoted_sender_id, quoted_sender.username as quoted_sender_username,
  (select coalesce(json_agg(json_build_object('emoji', e.emoji, 'count', e.n, 'users', e.users)
     order by e.first_at, e.emoji), '[]'::json)
   from (select rx.emoji, count(*) as n, min(rx.created_at) as first_at,
       to_json((array_agg(json_build_object('id', ru.id, 'username', ru.username)
         order by rx.created_at, rx.user_id))[1:${REACTION_USERS_SHOWN}]) as users
     from reactions rx join users ru on ru.id = rx.user_id
     where rx.message_id = msg.id group by rx.emoji) e) as reactions`;

/**
 * The joins {@linkcode MESSAGE_COLUMNS} needs, after `from messages msg`: the sender and the
 * quoted message with its sender.
 */
export const MESSAGE_JOINS = `join users sender on sender.id = msg.sender_id
  left join messages quoted on quoted.id = msg.reply_to
  left join users quoted_sender on quoted_sender.id = quoted.sender_id`;

const ReactionRow = z.object({
  emoji: z.string(),
  count: int,
  users: z.array(z.object({ id: z.string(), username: z.string() })),
});

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
  // Absent when a message is read back from the append statement: a new message is not edited,
  // deleted, reacted to or answered yet.
  edited_at: timestamp.nullable().default(null),
  deleted: z.boolean().default(false),
  thread_root_id: z.string().nullable().default(null),
  reply_count: int.default(0),
  last_reply_at: timestamp.nullable().default(null),
  quoted_id: z.string().nullable().default(null),
  quoted_text: z.string().nullable().default(null),
  quoted_deleted: z.boolean().nullable().default(null),
  quoted_sender_id: z.string().nullable().default(null),
  quoted_sender_username: z.string().nullable().default(null),
  // postgres.js parses json columns, PGlite too; a string is parsed here just in case
  reactions: z.preprocess(
    (v) => typeof v === "string" ? JSON.parse(v) : v,
    z.array(ReactionRow),
  ).default([]),
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
    edited_at: r.edited_at,
    deleted: r.deleted,
    reactions: r.reactions,
    reply_to: r.quoted_id === null ? null : replyPreviewOf({
      id: r.quoted_id,
      sender: { id: r.quoted_sender_id!, username: r.quoted_sender_username! },
      text: r.quoted_text ?? "",
      deleted: r.quoted_deleted ?? false,
    }),
    thread_root_id: r.thread_root_id,
    reply_count: r.reply_count,
    last_reply_at: r.last_reply_at,
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
