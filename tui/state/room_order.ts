/**
 * The room list's order and labels, and the room-switching moves built on them.
 *
 * @module
 */
import type { ChatState, RoomEntry } from "./chat_state.ts";
import { sanitize } from "./text_width.ts";

/** `#general` for rooms, the other user's name for direct rooms. */
export function roomLabel(entry: RoomEntry): string {
  if (entry.room.kind === "direct") return entry.peer ? sanitize(entry.peer.username) : "(direct)";
  return `#${sanitize(entry.room.name ?? entry.room.id)}`;
}

/** Rooms first, then direct messages, each alphabetically: the order of the room list. */
export function orderedRooms(state: ChatState): RoomEntry[] {
  return Object.values(state.rooms).sort((a, b) => {
    const direct = Number(a.room.kind === "direct") - Number(b.room.kind === "direct");
    return direct || roomLabel(a).localeCompare(roomLabel(b));
  });
}

/**
 * The room `delta` places after the current one in list order, wrapping around.
 *
 * @returns its id, or null when there are no rooms
 */
export function cycledRoomId(state: ChatState, delta: number): string | null {
  const ids = orderedRooms(state).map((e) => e.room.id);
  if (ids.length === 0) return null;
  const at = state.currentRoomId === null ? -1 : ids.indexOf(state.currentRoomId);
  return ids[(((at + delta) % ids.length) + ids.length) % ids.length]!;
}

/**
 * The next room with unread messages after the current one in list order, preferring rooms where
 * I was mentioned.
 *
 * @returns its id, or null when every other room is read
 */
export function nextUnreadRoomId(state: ChatState): string | null {
  const rooms = orderedRooms(state);
  const at = rooms.findIndex((e) => e.room.id === state.currentRoomId);
  const rotated = [...rooms.slice(at + 1), ...rooms.slice(0, Math.max(0, at))];
  const unread = rotated.filter((e) => e.unread > 0 || e.mentioned);
  return (unread.find((e) => e.mentioned) ?? unread[0])?.room.id ?? null;
}

/**
 * Finds a room by id, by name (`general` or `#general`) or, for direct rooms, by the peer (`bob`
 * or `@bob`).
 */
export function findRoom(state: ChatState, idOrName: string): RoomEntry | undefined {
  const name = idOrName.replace(/^[#@]/, "");
  return state.rooms[idOrName] ??
    Object.values(state.rooms).find((e) => e.room.name === name) ??
    Object.values(state.rooms).find((e) => e.room.kind === "direct" && e.peer?.username === name);
}
