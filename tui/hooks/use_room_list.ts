/**
 * Loads my rooms when the screen opens and whenever a direct room appears whose other user is not
 * known yet (a `member` frame names only me).
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatState } from "../state/chat_state.ts";
import { type ChatApi, type Dispatch, loadRooms } from "./chat_effects.ts";

/**
 * Keeps the room list loaded.
 *
 * @param api the HTTP client
 * @param state the chat state
 * @param dispatch the chat reducer's dispatch
 * @param initialRoom the room to show first (id or name)
 */
export function useRoomList(
  api: ChatApi,
  state: ChatState,
  dispatch: Dispatch,
  initialRoom: string | undefined,
): void {
  useEffect(() => {
    void loadRooms(api, dispatch, initialRoom);
  }, [api, dispatch, initialRoom]);

  const unnamed = Object.values(state.rooms)
    .filter((e) => e.room.kind === "direct" && e.peer === null)
    .map((e) => e.room.id)
    .join();
  useEffect(() => {
    if (unnamed) void loadRooms(api, dispatch);
  }, [api, dispatch, unnamed]);
}
