/**
 * Read markers: how far each member has read each room, and the unread count that leaves.
 *
 * @module
 */
import type { ReadMarker } from "../../shared/mod.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { unreadCountSql } from "./unread.ts";

/** Reads and moves read markers. */
export interface ReadMarkerStore {
  /**
   * Moves the member's read marker forward to `seq` (never back, never past the room's newest
   * event).
   * @returns the new marker and unread count, or null when `userId` is not a member
   */
  markRead(
    roomId: string,
    userId: string,
    seq: number,
  ): Promise<{ lastReadSeq: number; unreadCount: number } | null>;
  /** The user's read marker and unread count in each of their rooms. */
  readMarkers(userId: string): Promise<ReadMarker[]>;
}

/** A {@linkcode ReadMarkerStore} over `db`. */
export function createReadMarkerStore(db: SqlExecutor): ReadMarkerStore {
  return {
    async markRead(roomId, userId, seq) {
      const [row] = await db.query(
        `with marked as (
           update room_members m set last_read_seq = greatest(m.last_read_seq, least($3, r.last_seq))
           from rooms r where r.id = m.room_id and m.room_id = $1 and m.user_id = $2
           returning m.last_read_seq
         )
         select last_read_seq, ${unreadCountSql("$1", "$2", "marked.last_read_seq")} as unread
         from marked`,
        [roomId, userId, seq],
      );
      if (!row) return null;
      return { lastReadSeq: Number(row.last_read_seq), unreadCount: Number(row.unread) };
    },
    async readMarkers(userId) {
      const rows = await db.query(
        `select m.room_id, m.last_read_seq,
           ${unreadCountSql("m.room_id", "m.user_id", "m.last_read_seq")} as unread
         from room_members m where m.user_id = $1`,
        [userId],
      );
      return rows.map((row) => ({
        room_id: String(row.room_id),
        last_read_seq: Number(row.last_read_seq),
        unread_count: Number(row.unread),
      }));
    },
  };
}
