/**
 * Fetches the names of the public rooms once the input line starts with `/join `, so that Tab
 * can complete them; the room list itself never needs them.
 *
 * @module
 */
import { useEffect, useRef } from "react";
import type { ChatApi, Dispatch } from "./chat_effects.ts";

/**
 * Loads public room names the first time `/join ` is typed in this screen (failures are silent:
 * completion then offers my own rooms only).
 *
 * @param api the HTTP client
 * @param line the input line's text
 * @param dispatch the chat reducer's dispatch
 */
export function usePublicRooms(api: ChatApi, line: string, dispatch: Dispatch): void {
  const loaded = useRef(false);
  const wanted = /^\/join\s/i.test(line);
  useEffect(() => {
    if (!wanted || loaded.current) return;
    loaded.current = true;
    api.rooms("public").then(
      (rooms) =>
        dispatch({
          type: "public_rooms_loaded",
          names: rooms.flatMap((r) => r.name === null ? [] : [r.name]),
        }),
      () => loaded.current = false,
    );
  }, [api, dispatch, wanted]);
}
