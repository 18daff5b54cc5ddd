/**
 * Feeds a {@linkcode ChatSocket}'s events into the chat reducer.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";
import type { Dispatch } from "./chat_effects.ts";

/**
 * Subscribes to the socket for as long as the component is mounted: status changes and frames
 * become `status_changed` and `frame_received` actions.
 *
 * @param socket the live connection
 * @param dispatch the chat reducer's dispatch
 */
export function useChatSocket(socket: ChatSocket, dispatch: Dispatch): void {
  useEffect(() => {
    dispatch({ type: "status_changed", status: socket.status });
    return socket.subscribe((event) => {
      if (event.type === "status") dispatch({ type: "status_changed", status: event.status });
      else dispatch({ type: "frame_received", frame: event.frame, at: Date.now() });
    });
  }, [socket, dispatch]);
}
