/**
 * Sends my pending messages again after a reconnect. The server stores a message once per
 * `client_msg_id`, so a message whose ack was lost is acknowledged again, not duplicated.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";
import type { ChatState } from "../state/chat_state.ts";
import { useLatest } from "./use_latest.ts";

/**
 * Re-sends every pending message that the server has not refused, on each transition to
 * connected.
 *
 * @param socket the live connection
 * @param state the chat state
 */
export function useOutbox(socket: ChatSocket, state: ChatState): void {
  const latest = useLatest(state);
  const connected = state.status.state === "connected";
  useEffect(() => {
    if (!connected) return;
    for (const entry of Object.values(latest.current.rooms)) {
      for (const p of entry.pending) {
        if (p.error !== null) continue;
        const { room_id, client_msg_id, text, kind } = p;
        socket.send({ type: "send", room_id, client_msg_id, text, kind });
      }
    }
  }, [socket, latest, connected]);
}
