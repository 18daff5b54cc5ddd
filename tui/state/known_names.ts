/**
 * The names the screen knows, for Tab completion: room names (mine and the public ones listed),
 * user names (members of the rooms loaded and my direct peers), the members of the room shown.
 *
 * @module
 */
import { type ChatState, currentRoom } from "./chat_state.ts";
import type { CompletionCandidates } from "./completion.ts";

/**
 * What Tab completes to in `state`; my own name is never offered.
 *
 * @param state the chat state
 * @returns room names without `#`, every known user, and the members of the room shown
 */
export function completionCandidates(state: ChatState): CompletionCandidates {
  const me = state.me.username;
  const entries = Object.values(state.rooms);
  const rooms = [
    ...entries.flatMap((e) => e.room.name === null ? [] : [e.room.name]),
    ...state.publicRooms,
  ];
  const users = new Set<string>();
  for (const e of entries) {
    for (const m of e.members ?? []) users.add(m.username);
    if (e.peer) users.add(e.peer.username);
  }
  users.delete(me);
  const members = (currentRoom(state)?.members ?? []).map((m) => m.username)
    .filter((u) => u !== me);
  return { members, rooms, users: [...users] };
}
