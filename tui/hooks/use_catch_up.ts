/**
 * Fills what was missed while the connection was down: each time the socket is connected again,
 * the room list is reloaded (memberships and unread counts) and every room with loaded history
 * fetches the messages after the ones it holds.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatState } from "../state/chat_state.ts";
import { catchUp, type ChatApi, type Dispatch, loadRooms } from "./chat_effects.ts";
import { useLatest } from "./use_latest.ts";

/**
 * Catches up on every transition to connected.
 *
 * @param api the HTTP client
 * @param state the chat state
 * @param dispatch the chat reducer's dispatch
 */
export function useCatchUp(api: ChatApi, state: ChatState, dispatch: Dispatch): void {
  const latest = useLatest(state);
  const connected = state.status.state === "connected";
  useEffect(() => {
    if (!connected) return;
    void (async () => {
      await loadRooms(api, dispatch);
      // A window far back in a room pages newer messages in itself as it is scrolled down.
      const loaded = Object.values(latest.current.rooms).filter((e) =>
        e.history === "loaded" && !e.hasNewer
      );
      await Promise.all(loaded.map((entry) => catchUp(api, dispatch, entry)));
    })();
  }, [api, dispatch, latest, connected]);
}
