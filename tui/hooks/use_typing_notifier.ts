/**
 * Tells the room that I am typing, at most every 3 s.
 *
 * @module
 */
import { useCallback, useRef } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";

/** Least time between two `typing` frames for the same room, from the TUI issue. */
export const TYPING_INTERVAL_MS = 3_000;

/**
 * Returns a function to call on every edit of a message; it sends `typing` when due.
 *
 * @param socket the live connection
 * @param roomId the room shown
 * @returns the notifier
 */
export function useTypingNotifier(socket: ChatSocket, roomId: string | null): () => void {
  const last = useRef({ roomId: "", at: 0 });
  return useCallback(() => {
    if (roomId === null) return;
    const now = Date.now();
    if (last.current.roomId === roomId && now - last.current.at < TYPING_INTERVAL_MS) return;
    if (socket.send({ type: "typing", room_id: roomId })) last.current = { roomId, at: now };
  }, [socket, roomId]);
}
