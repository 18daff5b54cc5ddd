/**
 * Loads the replies of the thread shown when it opens (and when it must be loaded again).
 *
 * @module
 */
import { useEffect } from "react";
import { HISTORY_MAX_LIMIT } from "../../shared/mod.ts";
import type { ThreadView } from "../state/chat_state.ts";
import { type ChatApi, type Dispatch, errorText } from "./chat_effects.ts";

/**
 * Fetches the newest page of the open thread's replies while it is `loading`.
 *
 * @param api the HTTP client
 * @param thread the thread shown, if any
 * @param dispatch the chat reducer's dispatch
 */
export function useThreadLoader(api: ChatApi, thread: ThreadView | null, dispatch: Dispatch) {
  const loading = thread?.history === "loading";
  const roomId = thread?.room_id;
  const rootId = thread?.root.id;
  useEffect(() => {
    if (!loading || roomId === undefined || rootId === undefined) return;
    api.thread(roomId, rootId, { limit: HISTORY_MAX_LIMIT }).then(
      (page) => dispatch({ type: "thread_loaded", root_id: rootId, ...page }),
      (err) => dispatch({ type: "thread_failed", root_id: rootId, error: errorText(err) }),
    );
  }, [api, dispatch, loading, roomId, rootId]);
}
