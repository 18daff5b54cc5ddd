/**
 * Connects the {@linkcode Outbox} to the chat state: lines kept from an earlier session are
 * listed as pending once the rooms are loaded, and rate-limited lines sent again lose their
 * "will retry" mark. Sending, resending and saving are the outbox's own work.
 *
 * @module
 */
import { useEffect, useRef } from "react";
import type { Outbox } from "../client/outbox.ts";
import type { Dispatch } from "./chat_effects.ts";

/**
 * Reports the outbox to the reducer.
 *
 * @param outbox the outbox of this user on this server
 * @param roomsLoaded whether the room list is in (restored lines need their rooms)
 * @param dispatch the chat reducer's dispatch
 */
export function useOutbox(outbox: Outbox, roomsLoaded: boolean, dispatch: Dispatch): void {
  useEffect(
    () =>
      outbox.subscribe((event) => {
        if (event.type === "resent") {
          dispatch({ type: "pending_resent", client_msg_ids: event.client_msg_ids });
        }
      }),
    [outbox, dispatch],
  );
  const restored = useRef(false);
  useEffect(() => {
    if (!roomsLoaded || restored.current) return;
    restored.current = true;
    if (outbox.pending.length > 0) {
      dispatch({ type: "pending_restored", messages: outbox.pending });
    }
  }, [outbox, roomsLoaded, dispatch]);
}
