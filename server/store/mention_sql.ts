/**
 * SQL for mention counts and notification levels, written once for every query that reports
 * them (the room list, `welcome`). Mentions are rows of `mentions`, kept by the trigger of
 * migration 004; a member's level is `room_members.notification_level`, null for the default.
 *
 * @module
 */

/**
 * A scalar subquery counting the mentions of user `userId` in room `roomId` after read marker
 * `lastReadSeq`; each argument is an SQL expression. Uses `mentions_user_room_idx`.
 */
export function mentionCountSql(roomId: string, userId: string, lastReadSeq: string): string {
  return `(select count(*) from mentions mn
    where mn.user_id = ${userId} and mn.room_id = ${roomId} and mn.seq > ${lastReadSeq})`;
}

/**
 * The level in force for a member: their own (`level`, nullable), else `all` in a direct room
 * (`kind` is the room's kind) and `mentions` elsewhere.
 */
export function notificationLevelSql(kind: string, level: string): string {
  return `coalesce(${level}, case when ${kind} = 'direct' then 'all' else 'mentions' end)`;
}
