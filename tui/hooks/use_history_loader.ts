/**
 * Loads history for the room shown: the newest page when it is first shown, an older page when
 * scrolling reached the top of what is held, a newer one when it reached the bottom of a window
 * that does not hold the newest messages.
 *
 * @module
 */
import { useEffect } from "react";
import type { RoomEntry } from "../state/chat_state.ts";
import { type ChatApi, type Dispatch, loadHistory } from "./chat_effects.ts";
import { useLatest } from "./use_latest.ts";

/**
 * Fetches history pages as the shown room needs them.
 *
 * @param api the HTTP client
 * @param entry the room shown
 * @param dispatch the chat reducer's dispatch
 */
export function useHistoryLoader(
  api: ChatApi,
  entry: RoomEntry | undefined,
  dispatch: Dispatch,
): void {
  const latest = useLatest(entry);
  const roomId = entry?.room.id;
  const history = entry?.history;
  const older = entry?.older;
  const newer = entry?.newer;
  useEffect(() => {
    const e = latest.current;
    if (e?.history === "none") void loadHistory(api, dispatch, e, "latest");
  }, [api, dispatch, latest, roomId, history]);
  useEffect(() => {
    const e = latest.current;
    if (e?.older === "wanted") void loadHistory(api, dispatch, e, "older");
  }, [api, dispatch, latest, roomId, older]);
  useEffect(() => {
    const e = latest.current;
    if (e?.newer === "wanted") void loadHistory(api, dispatch, e, "newer");
  }, [api, dispatch, latest, roomId, newer]);
}
