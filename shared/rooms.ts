/**
 * Rooms, direct messages and memberships.
 *
 * A room is `public` (anyone may join), `private` (members are invited by the owner) or `direct`
 * (the one room between two users, created by `POST /dms`; it has no name).
 *
 * @module
 */
import { z } from "zod";
import { ROOM_NAME_PATTERN, TOPIC_MAX_LENGTH } from "./limits.ts";
import { Message, Seq } from "./messages.ts";
import { NotificationLevel } from "./notifications.ts";
import { orNull } from "./nullable.ts";
import { userText } from "./text.ts";
import { Username, UserRef } from "./users.ts";

/** `public | private | direct` */
export const RoomKind = z.enum(["public", "private", "direct"]);
/** `"public" | "private" | "direct"` */
export type RoomKind = z.infer<typeof RoomKind>;

/** A room name: 1–64 characters from `[a-z0-9_-]`, starting with a letter or digit. */
export const RoomName = z.string().regex(
  ROOM_NAME_PATTERN,
  "must be 1-64 characters of a-z, 0-9, _ and -, starting with a letter or digit",
);

/** A room topic: at most 512 characters, with no control characters but tab and newline. */
export const Topic = userText().trim().max(TOPIC_MAX_LENGTH);

/**
 * A room. `name` is null for direct rooms; `owner_id` is null when the room has no owner;
 * `last_seq` is the seq of the newest event of the room's stream.
 */
export const Room = z.object({
  id: z.uuid(),
  kind: RoomKind,
  name: z.string().nullable(),
  topic: z.string(),
  owner_id: z.uuid().nullable(),
  last_seq: Seq,
  created_at: z.iso.datetime({ offset: true }),
}).meta({ id: "Room" });
/** `{id, kind, name, topic, owner_id, last_seq, created_at}` */
export type Room = z.infer<typeof Room>;

/** `owner | member` */
export const MemberRole = z.enum(["owner", "member"]);
/** `"owner" | "member"` */
export type MemberRole = z.infer<typeof MemberRole>;

/**
 * A room as listed in `GET /rooms`: with my unread count (as in `ReadMarker`: messages by others
 * after my read marker, neither deleted nor thread replies), the newest message of its timeline
 * that is not deleted, how many members are online, and for direct rooms the other user (`peer`).
 */
export const RoomSummary = Room.extend({
  role: MemberRole.nullable(),
  unread_count: z.number().int().nonnegative(),
  last_read_seq: Seq,
  last_message: orNull(Message),
  peer: orNull(UserRef),
  /** Members with at least one live connection, me included. */
  online_count: z.number().int().nonnegative(),
  /** For direct rooms, whether the other user is online; null for other rooms. */
  peer_online: z.boolean().nullable(),
  /**
   * Messages after my read marker that mention me (see `mentions.ts`): by `@username`, `@room`,
   * or any message by the other user of a direct room. Deleted messages mention nobody.
   */
  mention_count: z.number().int().nonnegative(),
  /** My notification level here (the default when I never set one); see `notifications.ts`. */
  notification_level: NotificationLevel,
}).meta({ id: "RoomSummary" });
/** A room with the caller's unread count, newest message and direct-message peer. */
export type RoomSummary = z.infer<typeof RoomSummary>;

/** `GET /rooms` response. */
export const RoomList = z.object({ rooms: z.array(RoomSummary) }).meta({ id: "RoomList" });
/** `{rooms}` */
export type RoomList = z.infer<typeof RoomList>;

/** `GET /rooms` query: `scope=public` lists public rooms the caller has not joined. */
export const RoomListQuery = z.object({ scope: z.enum(["mine", "public"]).default("mine") });

/** `POST /rooms` body. */
export const CreateRoomBody = z.object({
  name: RoomName,
  topic: Topic.default(""),
  visibility: z.enum(["public", "private"]).default("public"),
}).meta({ id: "CreateRoomBody" });
/** `{name, topic?, visibility?}` */
export type CreateRoomBody = z.input<typeof CreateRoomBody>;

/** `PATCH /rooms/:id` body: at least one field. */
export const UpdateRoomBody = z.object({
  name: RoomName.optional(),
  topic: Topic.optional(),
  visibility: z.enum(["public", "private"]).optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), "needs at least one field")
  .meta({ id: "UpdateRoomBody" });
/** `{name?, topic?, visibility?}` */
export type UpdateRoomBody = z.infer<typeof UpdateRoomBody>;

/** `GET /rooms/:id`, `POST /rooms`, `PATCH /rooms/:id` and `POST /dms` response. */
export const RoomResponse = z.object({ room: Room }).meta({ id: "RoomResponse" });
/** `{room}` */
export type RoomResponse = z.infer<typeof RoomResponse>;

/** A member of a room. */
export const Member = z.object({
  user: UserRef,
  role: MemberRole,
  joined_at: z.iso.datetime({ offset: true }),
  last_read_seq: Seq,
  /** At least one live connection on any instance. */
  online: z.boolean(),
}).meta({ id: "Member" });
/** `{user, role, joined_at, last_read_seq, online}` */
export type Member = z.infer<typeof Member>;

/** `GET /rooms/:id/members` response. */
export const MemberList = z.object({ members: z.array(Member) }).meta({ id: "MemberList" });
/** `{members}` */
export type MemberList = z.infer<typeof MemberList>;

/** `POST /rooms/:id/members` and `POST /dms` body. */
export const UsernameBody = z.object({ username: Username }).meta({ id: "UsernameBody" });
/** `{username}` */
export type UsernameBody = z.infer<typeof UsernameBody>;

/** `POST /rooms/:id/members` response. */
export const MemberResponse = z.object({ member: Member }).meta({ id: "MemberResponse" });
/** `{member}` */
export type MemberResponse = z.infer<typeof MemberResponse>;

/**
 * `POST /rooms/:id/join` and `POST /rooms/:id/leave` body: optional; when sent, an empty object
 * (`curl -d '{}'` and clients that always send JSON are welcome, anything else is refused).
 */
export const EmptyBody = z.object({}).strict().meta({ id: "EmptyBody" });
/** `{}` */
export type EmptyBody = z.infer<typeof EmptyBody>;
