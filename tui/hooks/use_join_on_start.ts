/**
 * `chat-tui join <room>` draws the screen before talking to the server; the room is then joined
 * as `/join <room>` would, once the room list is in (a room of mine is just shown).
 *
 * @module
 */
import { useEffect, useRef } from "react";

/**
 * Submits `/join <room>` once, after the room list has loaded.
 *
 * @param room the room to join (name or id), if any
 * @param roomsLoaded whether the room list is in
 * @param submit the input line's submit function
 */
export function useJoinOnStart(
  room: string | undefined,
  roomsLoaded: boolean,
  submit: (line: string) => void,
): void {
  const done = useRef(false);
  useEffect(() => {
    if (room === undefined || !roomsLoaded || done.current) return;
    done.current = true;
    submit(`/join ${room}`);
  }, [room, roomsLoaded, submit]);
}
