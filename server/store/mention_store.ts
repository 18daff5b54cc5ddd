/**
 * Mentions of a user across rooms, and members' notification levels (issue 14). The `mentions`
 * rows are written by the trigger of migration 004, never here.
 *
 * @module
 */
import { type Mention, NotificationLevel, RoomKind } from "../../shared/mod.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { notificationLevelSql } from "./mention_sql.ts";
import { MESSAGE_COLUMNS, MESSAGE_JOINS, parseMessage } from "./rows.ts";

/** Reads mentions and writes notification levels. */
export interface MentionStore {
  /**
   * Up to `limit + 1` mentions of `userId`, newest first, in rooms they can still read (theirs
   * and public ones), continuing after the mention of message `afterId` when given.
   */
  list(userId: string, limit: number, afterId?: string): Promise<Mention[]>;
  /**
   * Sets a member's level for a room.
   * @returns the level now in force, or null when `userId` is not a member
   */
  setLevel(roomId: string, userId: string, level: NotificationLevel): Promise<
    NotificationLevel | null
  >;
}

/** A {@linkcode MentionStore} over `db`. */
export function createMentionStore(db: SqlExecutor): MentionStore {
  return {
    async list(userId, limit, afterId) {
      const params: unknown[] = [userId, limit + 1];
      const after = afterId === undefined ? "" : `and (mn.created_at, mn.message_id) < (
          select c.created_at, c.message_id from mentions c
          where c.user_id = $1 and c.message_id = $${params.push(afterId)})`;
      const rows = await db.query(
        `select ${MESSAGE_COLUMNS}, r.kind as room_kind, r.name as room_name,
           mn.seq > coalesce(m.last_read_seq, 0) as unread
         from mentions mn
         join messages msg on msg.id = mn.message_id
         ${MESSAGE_JOINS}
         join rooms r on r.id = mn.room_id
         left join room_members m on m.room_id = mn.room_id and m.user_id = $1
         where mn.user_id = $1 and (m.user_id is not null or r.kind = 'public')
           and not msg.deleted ${after}
         order by mn.created_at desc, mn.message_id desc
         limit $2`,
        params,
      );
      return rows.map((row) => ({
        message: parseMessage(row),
        room: {
          id: String(row.room_id),
          kind: RoomKind.parse(row.room_kind),
          name: row.room_name === null ? null : String(row.room_name),
        },
        unread: row.unread === true,
      }));
    },
    async setLevel(roomId, userId, level) {
      const [row] = await db.query(
        `update room_members m set notification_level = $3 from rooms r
         where r.id = m.room_id and m.room_id = $1 and m.user_id = $2
         returning ${notificationLevelSql("r.kind", "m.notification_level")} as level`,
        [roomId, userId, level],
      );
      return row ? NotificationLevel.parse(row.level) : null;
    },
  };
}
