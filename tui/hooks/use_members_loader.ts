/**
 * Loads the members of the room shown once; `member` frames keep the list current after that.
 *
 * @module
 */
import { useEffect, useRef } from "react";
import type { RoomEntry } from "../state/chat_state.ts";
import { type ChatApi, type Dispatch, loadMembers } from "./chat_effects.ts";

/**
 * Fetches the members of each room the first time it is shown.
 *
 * @param api the HTTP client
 * @param entry the room shown
 * @param dispatch the chat reducer's dispatch
 */
export function useMembersLoader(
  api: ChatApi,
  entry: RoomEntry | undefined,
  dispatch: Dispatch,
): void {
  // Tried once per room: a failure is shown, not retried in a loop.
  const requested = useRef(new Set<string>());
  const roomId = entry?.room.id;
  const missing = entry !== undefined && entry.members === null;
  useEffect(() => {
    if (!roomId || !missing || requested.current.has(roomId)) return;
    requested.current.add(roomId);
    void loadMembers(api, dispatch, roomId);
  }, [api, dispatch, roomId, missing]);
}
