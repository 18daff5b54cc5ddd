/**
 * The unread count, written once for every query that reports it (room list, read markers,
 * `welcome`, `read_marker`): the messages of a room after a member's read marker that another
 * user posted, that are not deleted and not replies in a thread (a thread's replies are counted
 * on its root's `reply_count`, not as unread: the room's timeline shows only the root). Edits, reactions and membership events move
 * `rooms.last_seq` but are not messages, so `last_seq - last_read_seq` would overcount.
 *
 * @module
 */

/**
 * A scalar subquery counting the unread messages of room `roomId` for user `userId` with read
 * marker `lastReadSeq`; each argument is an SQL expression (a column or a parameter).
 */
export function unreadCountSql(roomId: string, userId: string, lastReadSeq: string): string {
  return `(select count(*) from messages unread
    where unread.room_id = ${roomId} and unread.seq > ${lastReadSeq}
      and unread.sender_id <> ${userId} and not unread.deleted
      and unread.thread_root_id is null)`;
}
