/**
 * When a new message rings the bell and shows a desktop notification (issue 14): it is by
 * someone else, in a room not muted, it notifies at the room's level (every message with `all`,
 * a mention of me with `mentions`: `@me`, `@room`, any direct message), and the screen shows
 * another room. Never for my own messages, never for muted rooms, never for old messages.
 *
 * @module
 */
import { mentionsUser, type Message, notifies, type ServerFrame } from "../../shared/mod.ts";
import type { ChatState } from "./chat_state.ts";
import { roomLabel } from "./room_order.ts";

/** A notification: the room's label and `sender: text`. */
export interface Notification {
  title: string;
  body: string;
}

/** The new message a frame posts, if any (a `message_posted` event). */
export function postedMessage(frame: ServerFrame): Message | null {
  if (frame.type === "event" && frame.event.type === "message_posted") return frame.event.message;
  return null;
}

/**
 * The notification for `message`, arriving in `state` (before the reducer has applied it), or
 * null when it does not notify.
 *
 * @example
 * ```ts ignore
 * notificationFor(state, message); // { title: "#ops", body: "alice: @bob deploy?" }
 * ```
 */
export function notificationFor(state: ChatState, message: Message): Notification | null {
  const entry = state.rooms[message.room_id];
  if (!entry || message.sender.id === state.me.id) return null;
  // A message replayed on resume, or seen already, is not news.
  if (message.seq <= entry.room.last_seq) return null;
  if (state.currentRoomId === message.room_id) return null;
  const mentioned = mentionsUser(message.text, entry.room.kind, state.me.username);
  if (!notifies(entry.notificationLevel, mentioned)) return null;
  return { title: roomLabel(entry), body: `${message.sender.username}: ${message.text}` };
}
