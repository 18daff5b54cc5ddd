/**
 * Reports the room shown to the caller of the chat screen (the CLI remembers it as the last
 * room).
 *
 * @module
 */
import { useEffect } from "react";
import { useLatest } from "./use_latest.ts";

/**
 * Calls `onRoomChange` each time the room shown changes.
 *
 * @param roomId the room shown, null before any
 * @param onRoomChange the caller's callback
 */
export function useRoomChange(
  roomId: string | null,
  onRoomChange: ((roomId: string) => void) | undefined,
): void {
  const callback = useLatest(onRoomChange);
  useEffect(() => {
    if (roomId !== null) callback.current?.(roomId);
  }, [callback, roomId]);
}
