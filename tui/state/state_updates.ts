/**
 * Small immutable updates of {@linkcode ChatState} shared by the action and frame handlers.
 *
 * @module
 */
import type { Room } from "../../shared/mod.ts";
import { type ChatState, newRoomEntry, type RoomEntry } from "./chat_state.ts";
import { cycledRoomId } from "./room_order.ts";

/**
 * Applies `update` to one room; unknown rooms leave the state as it is.
 *
 * @returns the new state, or `state` itself when the room is unknown or `update` changed nothing
 */
export function updateRoom(
  state: ChatState,
  roomId: string,
  update: (entry: RoomEntry) => RoomEntry,
): ChatState {
  const entry = state.rooms[roomId];
  if (!entry) return state;
  const next = update(entry);
  return next === entry ? state : { ...state, rooms: { ...state.rooms, [roomId]: next } };
}

/** Adds a room I now belong to, or refreshes the room's data when it is already listed. */
export function addRoom(state: ChatState, room: Room): ChatState {
  const entry = state.rooms[room.id];
  const next = entry ? { ...entry, room } : newRoomEntry(room);
  const withRoom = { ...state, rooms: { ...state.rooms, [room.id]: next } };
  return state.currentRoomId === null ? selectRoom(withRoom, room.id) : withRoom;
}

/** Forgets a room; when it was shown, the next room in the list is shown instead. */
export function removeRoom(state: ChatState, roomId: string): ChatState {
  if (!state.rooms[roomId]) return state;
  const rooms = { ...state.rooms };
  delete rooms[roomId];
  const thread = state.thread?.room_id === roomId ? null : state.thread;
  if (state.currentRoomId !== roomId) return { ...state, rooms, thread };
  const next = cycledRoomId(state, 1);
  const without = { ...state, rooms, thread, currentRoomId: null };
  return next === null || next === roomId ? without : selectRoom(without, next);
}

/** Shows a room and clears its unread count and mention mark. */
export function selectRoom(state: ChatState, roomId: string): ChatState {
  if (!state.rooms[roomId]) return state;
  const shown = updateRoom(
    state,
    roomId,
    (e) =>
      e.unread === 0 && !e.mentioned && e.mentionCount === 0
        ? e
        : { ...e, unread: 0, mentioned: false, mentionCount: 0 },
  );
  if (shown.currentRoomId === roomId) return shown;
  // A selection, a reply or an edit belongs to the room it was started in.
  return { ...shown, currentRoomId: roomId, selected: null, compose: null, thread: null };
}
