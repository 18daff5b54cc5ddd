/**
 * The room list loaded from `GET /rooms`, merged into what the screen holds.
 *
 * @module
 */
import type { RoomSummary } from "../../shared/mod.ts";
import { type ChatState, newRoomEntry, type RoomEntry, withOnline } from "./chat_state.ts";
import { cycledRoomId, findRoom } from "./room_order.ts";
import { removeRoom, selectRoom } from "./state_updates.ts";

/**
 * `GET /rooms` is the full list of my rooms: rooms missing from it were left while the list was
 * out of date, so they go; the server's unread counts replace the live ones, except for the room
 * shown, which is read.
 */
export function roomsLoaded(
  state: ChatState,
  rooms: readonly RoomSummary[],
  select: string | undefined,
): ChatState {
  const entries: Record<string, RoomEntry> = {};
  let online = state.online;
  for (const summary of rooms) {
    const {
      role: _role,
      unread_count,
      last_read_seq,
      last_message: _lastMessage,
      peer,
      online_count: _onlineCount,
      peer_online,
      mention_count,
      notification_level,
      ...room
    } = summary;
    if (peer && peer_online !== null) online = withOnline(online, peer.id, peer_online);
    const held = state.rooms[room.id];
    const shown = room.id === state.currentRoomId;
    const unread = shown ? 0 : unread_count;
    entries[room.id] = {
      ...(held ?? newRoomEntry(room)),
      room: { ...room, last_seq: Math.max(room.last_seq, held?.room.last_seq ?? 0) },
      peer,
      unread,
      // Read elsewhere (unread 0) clears the mark; otherwise a mention seen live stays marked.
      mentioned: unread > 0 && (mention_count > 0 || (held?.mentioned ?? false)),
      mentionCount: shown ? 0 : mention_count,
      notificationLevel: notification_level,
      lastReadSeq: Math.max(last_read_seq, held?.lastReadSeq ?? 0),
    };
  }
  let next: ChatState = { ...state, rooms: entries, online, roomsLoaded: true };
  const shown = state.currentRoomId === null ? undefined : state.rooms[state.currentRoomId];
  if (shown && !entries[shown.room.id]) {
    // Removed the usual way, so that the next room in the list is shown.
    next = removeRoom({ ...next, rooms: { ...entries, [shown.room.id]: shown } }, shown.room.id);
  }
  const wanted = select === undefined ? undefined : findRoom(next, select);
  if (wanted) return selectRoom(next, wanted.room.id);
  if (next.currentRoomId === null) {
    const first = cycledRoomId(next, 1);
    if (first !== null) next = selectRoom(next, first);
  }
  return next;
}
