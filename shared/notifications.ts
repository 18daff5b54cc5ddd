/**
 * Notification levels (issue 14): per user and room, stored on the server so every device
 * follows them. `all` notifies of every message, `mentions` of mentions only (a direct room's
 * every message is a mention), `none` of nothing and shows no unread badge (the room stays
 * readable). The default is `all` for direct rooms and `mentions` for the others.
 *
 * @module
 */
import { z } from "zod";

/** `all | mentions | none` */
export const NotificationLevel = z.enum(["all", "mentions", "none"]);
/** `"all" | "mentions" | "none"` */
export type NotificationLevel = z.infer<typeof NotificationLevel>;

/** `PUT /rooms/:id/notifications` body. */
export const NotificationBody = z.object({ level: NotificationLevel })
  .meta({ id: "NotificationBody" });
/** `{level}` */
export type NotificationBody = z.infer<typeof NotificationBody>;

/** `PUT /rooms/:id/notifications` response: the level now in force. */
export const NotificationSetting = z.object({ room_id: z.uuid(), level: NotificationLevel })
  .meta({ id: "NotificationSetting" });
/** `{room_id, level}` */
export type NotificationSetting = z.infer<typeof NotificationSetting>;

/** What a room list shows beside a room: a count, and whether it counts mentions. */
export interface Badge {
  count: number;
  mention: boolean;
}

/**
 * The badge of a room as `GET /rooms` lists it: the unread mentions when there are any, else the
 * unread count; nothing in a muted room (`none`). `all` and `mentions` differ in what notifies
 * (see {@linkcode notifies}), not in the badge.
 *
 * @param room the room's level and counts
 * @returns the badge, or null when none is shown
 *
 * @example A room at the default level
 * ```ts
 * import { badgeOf } from "./notifications.ts";
 * console.log(badgeOf({ notification_level: "mentions", unread_count: 9, mention_count: 2 }));
 * // { count: 2, mention: true }
 * ```
 */
export function badgeOf(
  room: { notification_level: NotificationLevel; unread_count: number; mention_count: number },
): Badge | null {
  const { notification_level: level, unread_count: unread, mention_count: mentions } = room;
  if (level === "none") return null;
  if (mentions > 0) return { count: mentions, mention: true };
  return unread > 0 ? { count: unread, mention: false } : null;
}

/**
 * Whether a new message by someone else notifies at `level`: every one with `all`, mentions of
 * me (every message of a direct room) with `mentions`, none with `none`.
 */
export function notifies(level: NotificationLevel, mentionsMe: boolean): boolean {
  return level === "all" || (level === "mentions" && mentionsMe);
}
