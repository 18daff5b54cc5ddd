/**
 * The chat screen's keys: room switching, scrolling and quitting first, then line editing.
 *
 * @module
 */
import { type Key, useInput } from "ink";
import type { ActionQueue } from "../client/action_queue.ts";
import type { ChatState } from "../state/chat_state.ts";
import { completionCandidates } from "../state/known_names.ts";
import { type EditorAction, editorText } from "../state/input_editor.ts";
import type { Viewport } from "../state/viewport.ts";
import type { Dispatch } from "./chat_effects.ts";
import type { InputEditor } from "./use_input_editor.ts";
import { confirmDelete, selectionKey } from "./selection_keys.ts";
import { useLatest } from "./use_latest.ts";

/** What {@linkcode useKeyBindings} acts on. */
export interface KeyBindingDeps {
  state: ChatState;
  dispatch: Dispatch;
  actions: ActionQueue;
  editor: InputEditor;
  /** The message list's size, for PgUp/PgDn. */
  viewport: Viewport;
  submit: (line: string) => void;
  /** Called on every edit of a message (for `typing`). */
  onTyping: () => void;
  quit: () => void;
  /** Offered every key first (the results view, Ctrl+F); returns whether it took it. */
  overlay?: (input: string, key: Key) => boolean;
}

/** Keys that do the same whatever is typed; returns whether the key was one of them. */
function screenKey(input: string, key: Key, deps: KeyBindingDeps): boolean {
  const { dispatch, viewport } = deps;
  if (key.ctrl && input === "c") deps.quit();
  else if ((key.ctrl && input === "n") || (key.meta && key.downArrow)) {
    dispatch({ type: "room_cycled", delta: 1 });
  } else if ((key.ctrl && input === "p") || (key.meta && key.upArrow)) {
    dispatch({ type: "room_cycled", delta: -1 });
  } else if (key.meta && input === "a") dispatch({ type: "unread_room_selected" });
  else if (key.meta && input === "s") dispatch({ type: "selection_started", viewport });
  else if (key.pageUp) dispatch({ type: "scrolled", direction: "up", viewport });
  else if (key.pageDown) dispatch({ type: "scrolled", direction: "down", viewport });
  else if (key.escape && deps.state.compose) {
    // Giving up an edit or a reaction leaves nothing half-typed; a reply keeps its text.
    if (deps.state.compose.type !== "reply") deps.editor.apply({ type: "line_killed" });
    dispatch({ type: "compose_ended" });
  } else if (key.escape && deps.state.thread) {
    dispatch({ type: "thread_closed" });
    dispatch({ type: "notice_dismissed" });
  } else if (key.escape) {
    dispatch({ type: "scrolled_to_newest" });
    dispatch({ type: "notice_dismissed" });
  } else return false;
  return true;
}

/** Line editing: the editor action for a key, if any. */
function editKey(input: string, key: Key, deps: KeyBindingDeps): EditorAction | null {
  const modified = key.ctrl || key.meta;
  if ((modified && key.leftArrow) || (key.meta && input === "b")) {
    return { type: "word_moved", direction: "back" };
  }
  if ((modified && key.rightArrow) || (key.meta && input === "f")) {
    return { type: "word_moved", direction: "forward" };
  }
  if (key.leftArrow) return { type: "cursor_moved", to: "left" };
  if (key.rightArrow) return { type: "cursor_moved", to: "right" };
  if (key.home || (key.ctrl && input === "a")) return { type: "cursor_moved", to: "start" };
  if (key.end || (key.ctrl && input === "e")) return { type: "cursor_moved", to: "end" };
  if ((key.ctrl && input === "w") || (key.meta && key.backspace)) return { type: "word_deleted" };
  if (key.ctrl && input === "u") return { type: "line_killed" };
  if (key.ctrl && input === "k") return { type: "killed_to_end" };
  if (key.upArrow) return { type: "history_browsed", direction: "older" };
  if (key.downArrow) return { type: "history_browsed", direction: "newer" };
  if (key.backspace) return { type: "deleted_backward" };
  if (key.delete) return { type: "deleted_forward" };
  if (key.tab) return { type: "completed", candidates: completionCandidates(deps.state) };
  if (input && !modified) return { type: "inserted", text: input };
  return null;
}

/** Letters bound as Alt+letter; any other Alt+key is an Esc followed by the key. */
const ALT_LETTERS = new Set(["a", "b", "f", "s"]);

/**
 * Splits Esc from a key that came with it. A terminal sends Alt+x as Esc then x, so Esc pressed
 * just before x (fast typing, a paste, a tmux burst) reads as Alt+x; when no Alt+x is bound, it
 * was meant as the two keys.
 */
function splitEscape(input: string, key: Key): Array<{ input: string; key: Key }> {
  // Keys without printable text (arrows, Enter, Backspace) keep their Alt: bound or harmless.
  const printable = input !== "" && !/\p{Cc}/u.test(input);
  if (!key.meta || key.ctrl || !printable || ALT_LETTERS.has(input)) return [{ input, key }];
  const escape: Key = { ...key, meta: false, shift: false, escape: true };
  return [{ input: "", key: escape }, { input, key: { ...key, meta: false } }];
}

function handleKey(input: string, key: Key, deps: KeyBindingDeps): void {
  if (deps.overlay?.(input, key)) return;
  if (deps.state.compose?.type === "delete") return confirmDelete(input, deps);
  if (deps.state.selected !== null && !(key.ctrl && input === "c")) {
    return selectionKey(input, key, deps);
  }
  if (screenKey(input, key, deps)) return;
  if (key.return && key.meta) {
    deps.editor.apply({ type: "newline_inserted" });
    return;
  }
  if (key.return) {
    const line = editorText(deps.editor.current());
    deps.editor.apply({ type: "submitted" });
    deps.submit(line);
    return;
  }
  const action = editKey(input, key, deps);
  if (!action) return;
  const line = editorText(deps.editor.apply(action));
  // Commands are not messages: typing "/join" tells nobody that I am typing.
  if (action.type === "inserted" && !line.startsWith("/")) deps.onTyping();
}

/**
 * Splits a chunk of typed text at control characters, which Ink passes on inside text when keys
 * arrive together: Enter, Tab and Ctrl+letter each become a key of their own.
 */
function splitChunk(input: string, key: Key): Array<{ input: string; key: Key }> {
  if (input.length <= 1 || key.ctrl || key.meta || !/\p{Cc}/u.test(input)) {
    return [{ input, key }];
  }
  return input.split(/(\p{Cc})/u).filter((part) => part !== "").map((part) => {
    const code = part.charCodeAt(0);
    if (part.length > 1 || code > 0x1f) return { input: part, key };
    if (part === "\r" || part === "\n") return { input: "", key: { ...key, return: true } };
    if (part === "\t") return { input: "", key: { ...key, tab: true } };
    return { input: String.fromCharCode(code + 0x60), key: { ...key, ctrl: true } };
  });
}

/**
 * Handles the keyboard for the chat screen.
 *
 * @param deps state, dispatchers and callbacks
 */
export function useKeyBindings(deps: KeyBindingDeps): void {
  const latest = useLatest(deps);
  useInput((input, key) => {
    for (const part of splitChunk(input, key).flatMap((p) => splitEscape(p.input, p.key))) {
      handleKey(part.input, part.key, latest.current);
    }
  });
}
