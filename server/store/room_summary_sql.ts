/**
 * The room list's SQL, written once for `GET /rooms` and `GET /rooms?scope=public`: each room with
 * my role, read marker, unread and mention counts, notification level, newest timeline message
 * (in its current state) and, for a direct room, the peer.
 *
 * @module
 */
import { NotificationLevel, type RoomSummary } from "../../shared/mod.ts";
import type { Row } from "../db/sql_executor.ts";
import { mentionCountSql, notificationLevelSql } from "./mention_sql.ts";
import { MESSAGE_COLUMNS, MESSAGE_JOINS, parseMessage, parseRoom, ROOM_COLUMNS } from "./rows.ts";
import { unreadCountSql } from "./unread.ts";

/**
 * A room summary as stored, with the ids of its members; `online_count` and `peer_online` come
 * from presence.
 */
export type StoredRoomSummary = Omit<RoomSummary, "online_count" | "peer_online"> & {
  memberIds: string[];
};

/**
 * Selects room summaries for user `$1`; the caller adds its `where` (over `r`, the room, and `m`,
 * my membership, null when I am not a member) and {@linkcode SUMMARY_ORDER}.
 */
export const SUMMARY_SELECT = `
  select ${ROOM_COLUMNS}, m.role, coalesce(m.last_read_seq, 0) as last_read_seq,
    ${unreadCountSql("r.id", "$1", "coalesce(m.last_read_seq, 0)")} as unread_count,
    ${mentionCountSql("r.id", "$1", "coalesce(m.last_read_seq, 0)")} as mention_count,
    ${notificationLevelSql("r.kind", "m.notification_level")} as notification_level,
    case when lm.id is null then null else to_json(lm) end as last_message,
    peer.id as peer_id, peer.username as peer_username,
    array(select am.user_id::text from room_members am where am.room_id = r.id) as member_ids
  from rooms r
  left join room_members m on m.room_id = r.id and m.user_id = $1
  left join lateral (
    select ${MESSAGE_COLUMNS} from messages msg ${MESSAGE_JOINS}
    where msg.room_id = r.id and msg.thread_root_id is null order by msg.seq desc limit 1
  ) lm on true
  left join lateral (
    select u.id, u.username from room_members pm join users u on u.id = pm.user_id
    where pm.room_id = r.id and pm.user_id <> $1 and r.kind = 'direct'
    limit 1
  ) peer on true`;

/** Named rooms by name, then direct rooms by peer. */
export const SUMMARY_ORDER = "order by r.kind = 'direct', coalesce(r.name, peer.username), r.id";

/** Parses a row of {@linkcode SUMMARY_SELECT}. */
export function parseSummary(row: Row): StoredRoomSummary {
  const room = parseRoom(row);
  const lastReadSeq = Number(row.last_read_seq);
  const role = row.role === null ? null : row.role === "owner" ? "owner" : "member";
  const raw = typeof row.last_message === "string"
    ? JSON.parse(row.last_message)
    : row.last_message;
  const lastMessage = raw === null ? null : parseMessage(raw);
  return {
    ...room,
    role,
    last_read_seq: lastReadSeq,
    unread_count: role === null ? 0 : Number(row.unread_count),
    mention_count: role === null ? 0 : Number(row.mention_count),
    notification_level: NotificationLevel.parse(row.notification_level),
    last_message: lastMessage,
    peer: row.peer_id === null
      ? null
      : { id: String(row.peer_id), username: String(row.peer_username) },
    memberIds: (row.member_ids as unknown[]).map(String),
  };
}
