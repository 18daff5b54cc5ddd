/**
 * Clears typing indicators 5 s after the last `typing` event.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatState } from "../state/chat_state.ts";
import type { Dispatch } from "./chat_effects.ts";

/** How often expired indicators are looked for while any is shown. */
const SWEEP_MS = 500;

/**
 * Dispatches `typing_expired` twice a second while anyone is typing anywhere.
 *
 * @param state the chat state
 * @param dispatch the chat reducer's dispatch
 */
export function useTypingExpiry(state: ChatState, dispatch: Dispatch): void {
  const anyone = Object.values(state.rooms).some((e) => Object.keys(e.typing).length > 0);
  useEffect(() => {
    if (!anyone) return;
    const timer = setInterval(() => dispatch({ type: "typing_expired", at: Date.now() }), SWEEP_MS);
    return () => clearInterval(timer);
  }, [anyone, dispatch]);
}
