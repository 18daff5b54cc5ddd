/**
 * The keys of the selection mode (Alt+S): ↑/↓ or k/j move, `e` edits my message, `d` deletes
 * (asking first), `r` answers, `+` reacts, `t` opens its thread, Esc leaves. And the answer to "delete?": `y` deletes,
 * any other key keeps the message.
 *
 * @module
 */
import type { Key } from "ink";
import { selectedMessage } from "../state/selection_reducer.ts";
import { showError } from "./chat_effects.ts";
import { deleteMessage, mayDelete, openThread } from "./message_actions.ts";
import type { KeyBindingDeps } from "./use_key_bindings.ts";

/**
 * Handles a key while a message is selected.
 *
 * @param input the key's text
 * @param key the key
 * @param deps state, dispatch, the action queue and the input editor
 */
export function selectionKey(input: string, key: Key, deps: KeyBindingDeps): void {
  const { dispatch, state, viewport } = deps;
  const message = selectedMessage(state);
  if (key.escape || !message) return dispatch({ type: "selection_ended" });
  if (key.upArrow || input === "k") {
    return dispatch({ type: "selection_moved", delta: -1, viewport });
  }
  if (key.downArrow || input === "j") {
    return dispatch({ type: "selection_moved", delta: 1, viewport });
  }
  const refuse = (line: string) =>
    dispatch({ type: "notice_shown", notice: { level: "error", lines: [line] } });
  if (input === "e") {
    if (message.sender.id !== state.me.id || message.deleted) {
      return refuse("Only your own messages can be edited");
    }
    deps.editor.apply({ type: "replaced", text: message.text });
    return dispatch({ type: "compose_started", compose: { type: "edit", message } });
  }
  if (input === "d") {
    if (!mayDelete(state, message) || message.deleted) {
      return refuse("Only your own messages can be deleted, or any in a room you own");
    }
    return dispatch({ type: "compose_started", compose: { type: "delete", message } });
  }
  if (input === "r" && !message.deleted) {
    return dispatch({ type: "compose_started", compose: { type: "reply", message } });
  }
  if (input === "t") {
    try {
      return openThread(deps, message);
    } catch (err) {
      return refuse((err as Error).message);
    }
  }
  if (input === "+" && !message.deleted) {
    return dispatch({ type: "compose_started", compose: { type: "react", message } });
  }
}

/**
 * Answers the "delete this message?" question: `y` deletes, anything else keeps it.
 *
 * @param input the key's text
 * @param deps state, dispatch and the action queue
 */
export function confirmDelete(input: string, deps: KeyBindingDeps): void {
  const compose = deps.state.compose;
  if (compose?.type !== "delete") return;
  deps.dispatch({ type: "compose_ended" });
  deps.dispatch({ type: "notice_dismissed" });
  if (input.toLowerCase() !== "y") return;
  try {
    deleteMessage(deps, compose.message);
  } catch (err) {
    showError(deps.dispatch, err);
  }
}
