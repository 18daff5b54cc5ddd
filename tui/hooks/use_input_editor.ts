/**
 * The input line's state, updated synchronously: several keys can arrive in one tick (a burst
 * over a slow link, a paste), and each must see the line as the previous one left it.
 *
 * @module
 */
import { useCallback, useRef, useState } from "react";
import {
  type EditorAction,
  editorReducer,
  type EditorState,
  emptyEditor,
} from "../state/input_editor.ts";

/** The input line and how to edit it. */
export interface InputEditor {
  /** The line as last rendered. */
  state: EditorState;
  /** The line including edits not rendered yet. */
  current(): EditorState;
  /** Applies an edit and returns the line after it. */
  apply(action: EditorAction): EditorState;
}

/**
 * Holds the input line, running {@linkcode editorReducer} on a ref and mirroring it into React
 * state for rendering.
 *
 * @returns the line and its editing function
 */
export function useInputEditor(): InputEditor {
  const [state, setState] = useState(emptyEditor);
  const ref = useRef(emptyEditor);
  const apply = useCallback((action: EditorAction) => {
    ref.current = editorReducer(ref.current, action);
    setState(ref.current);
    return ref.current;
  }, []);
  const current = useCallback(() => ref.current, []);
  return { state, current, apply };
}
