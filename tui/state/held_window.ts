/**
 * The window of messages a room holds in memory. A room paged back through thousands of messages
 * keeps only {@linkcode HELD_WINDOW} of them, around where the list is scrolled: the far end is
 * dropped, and paged in again from the server when scrolling gets back there. Memory stays
 * bounded however long the history, as in gomuks or WeeChat's buffer limit.
 *
 * @module
 */
import type { RoomEntry } from "./chat_state.ts";
import { indexOfSeq } from "./room_messages.ts";

/** Most messages held per room: twenty pages of history, far more than a screen shows. */
export const HELD_WINDOW = 1_000;

/**
 * Trims a room to {@linkcode HELD_WINDOW} messages, dropping the end farther from the scroll
 * position: the oldest when following the newest, the newest when reading far back (the room
 * then has newer messages on the server, `hasNewer`, paged in when scrolling down).
 *
 * @param entry the room, after messages were added
 * @returns the room, itself when within the window
 */
export function withinWindow(entry: RoomEntry): RoomEntry {
  const { messages } = entry;
  const excess = messages.length - HELD_WINDOW;
  if (excess <= 0) return entry;
  const anchor = entry.scroll === null
    ? messages.length - 1
    : indexOfSeq(messages, entry.scroll.seq);
  if (anchor < 0 || anchor >= messages.length / 2) {
    return { ...entry, messages: messages.slice(excess), hasOlder: true };
  }
  return { ...entry, messages: messages.slice(0, HELD_WINDOW), hasNewer: true };
}
