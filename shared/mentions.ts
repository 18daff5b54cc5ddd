/**
 * Mentions (issue 14). The server records who a message mentions when it is stored and again
 * whenever its text changes (a database trigger, migration 004): `@username` of a member of the
 * room other than the sender, `@room` for every member but the sender, and in a direct room the
 * other member for every message. A deleted message mentions nobody.
 *
 * @module
 */
import { z } from "zod";
import { Message, queryNumber } from "./messages.ts";
import type { RoomKind } from "./rooms.ts";
import { Cursor, RoomRef, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from "./search.ts";

/** The name that mentions every member of a room. */
export const ROOM_MENTION = "room";

const MENTION = /(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])/g;

/**
 * The names `text` mentions, lower-cased, each once: `@name` not preceded by a word character or
 * `@` (so `me@example.com` mentions nobody). The same rule as the SQL function
 * `mentioned_names` of migration 004; a test checks that they agree.
 *
 * @example
 * ```ts
 * import { mentionedNames } from "./mentions.ts";
 * console.log(mentionedNames("@Alice see mail@bob.dev, cc @room")); // ["alice", "room"]
 * ```
 */
export function mentionedNames(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()))];
}

/**
 * Whether a message by someone else mentions `username` as the server counts it: by name, by
 * `@room` outside direct rooms, or by being in a direct room.
 */
export function mentionsUser(text: string, roomKind: RoomKind, username: string): boolean {
  if (text === "") return false;
  if (roomKind === "direct") return true;
  const names = mentionedNames(text);
  return names.includes(username) || names.includes(ROOM_MENTION);
}

/** `GET /mentions` query. */
export const MentionsQuery = z.object({
  cursor: Cursor.optional(),
  limit: queryNumber(z.number().int().min(1).max(SEARCH_MAX_LIMIT)).default(SEARCH_DEFAULT_LIMIT),
});
/** Parsed mentions query. */
export type MentionsQuery = z.infer<typeof MentionsQuery>;

/** A message that mentions me, with its room and whether it is after my read marker there. */
export const Mention = z.object({
  message: Message,
  room: RoomRef,
  unread: z.boolean(),
}).meta({ id: "Mention" });
/** `{message, room, unread}` */
export type Mention = z.infer<typeof Mention>;

/** `GET /mentions` response, newest first; `next_cursor` is null on the last page. */
export const MentionPage = z.object({
  mentions: z.array(Mention),
  next_cursor: z.string().nullable(),
}).meta({ id: "MentionPage" });
/** `{mentions, next_cursor}` */
export type MentionPage = z.infer<typeof MentionPage>;
