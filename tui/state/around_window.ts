/**
 * Showing a message in its room from a search hit or a mention (issue 14): the room's held
 * window becomes the page centred on the message (`GET /rooms/:id/messages?around_seq=N`),
 * scrolled so the message is on screen with history above it. Older and newer messages page in
 * as usual when scrolling; Esc goes back to the newest.
 *
 * @module
 */
import type { Message } from "../../shared/mod.ts";
import type { RoomEntry } from "./chat_state.ts";
import { addMessages } from "./room_messages.ts";

/** Messages below the target kept on screen, so that it is not on the bottom line. */
const CONTEXT_BELOW = 3;

/**
 * The room holding only the page around `seq`.
 *
 * @param entry the room
 * @param messages the page, ascending seq
 * @param seq the message to show
 * @param myId my user id (a page may settle my pending messages)
 * @returns the room, its window replaced and scrolled to the message
 *
 * @example
 * ```ts ignore
 * showAround(entry, page.messages, 120, me.id).scroll; // { seq: 123, skip: 0 }
 * ```
 */
export function showAround(
  entry: RoomEntry,
  messages: readonly Message[],
  seq: number,
  myId: string,
): RoomEntry {
  const fresh = addMessages({ ...entry, messages: [] }, messages, myId);
  const first = messages[0]?.seq ?? seq;
  const last = messages.at(-1)?.seq ?? seq;
  const target = messages.findIndex((m) => m.seq >= seq);
  const anchor = messages[Math.min(messages.length - 1, Math.max(0, target) + CONTEXT_BELOW)];
  return {
    ...fresh,
    history: "loaded",
    hasOlder: first > 1,
    older: "idle",
    hasNewer: last < fresh.room.last_seq,
    newer: "idle",
    owedScroll: null,
    scroll: anchor ? { seq: anchor.seq, skip: 0 } : null,
  };
}
