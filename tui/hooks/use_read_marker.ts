/**
 * Tells the server what I have read: a `read` frame when a room is shown and whenever new
 * messages arrive in it.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";
import { type ChatState, currentRoom, newestSeq } from "../state/chat_state.ts";
import type { Dispatch } from "./chat_effects.ts";

/**
 * Sends `read` up to the newest message held in the shown room when it is past my read marker.
 *
 * @param socket the live connection
 * @param state the chat state
 * @param dispatch the chat reducer's dispatch
 */
export function useReadMarker(socket: ChatSocket, state: ChatState, dispatch: Dispatch): void {
  const entry = currentRoom(state);
  const roomId = entry?.room.id;
  const seq = entry ? newestSeq(entry) : 0;
  const readSeq = entry?.lastReadSeq ?? 0;
  const connected = state.status.state === "connected";
  useEffect(() => {
    if (!roomId || !connected || seq <= readSeq) return;
    // Unsent (offline) reads are retried by this effect when the connection is back.
    if (socket.send({ type: "read", room_id: roomId, seq })) {
      dispatch({ type: "read_marked", room_id: roomId, seq });
    }
  }, [socket, dispatch, roomId, seq, readSeq, connected]);
}
