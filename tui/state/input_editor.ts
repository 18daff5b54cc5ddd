/**
 * The input line as a pure reducer: text and cursor, readline-style editing keys, ↑/↓ history and
 * Tab completion. Text is kept as code points so the cursor never splits a character.
 *
 * @module
 */
import { complete, type Completion, type CompletionCandidates } from "./completion.ts";

/** The input line's state. */
export interface EditorState {
  chars: readonly string[];
  /** Code point index, 0..chars.length. */
  cursor: number;
  /** Lines sent, oldest first. */
  history: readonly string[];
  /** Index into `history` while browsing it with ↑/↓, null otherwise. */
  browsing: number | null;
  /** The unsent line, kept while browsing history. */
  draft: readonly string[];
  completion: Completion | null;
}

/** An editing action. */
export type EditorAction =
  | { type: "inserted"; text: string }
  | { type: "deleted_backward" }
  | { type: "deleted_forward" }
  | { type: "cursor_moved"; to: "left" | "right" | "start" | "end" }
  /** Alt+B / Alt+F, Ctrl+← / Ctrl+→: to the start of this or the previous word, or past the next. */
  | { type: "word_moved"; direction: "back" | "forward" }
  /** Ctrl+W and Alt+Backspace: the word before the cursor. */
  | { type: "word_deleted" }
  /** Ctrl+U: everything before the cursor. */
  | { type: "line_killed" }
  /** Ctrl+K: everything from the cursor to the end of its line. */
  | { type: "killed_to_end" }
  /** Alt+Enter: a line break in the message (Enter sends). */
  | { type: "newline_inserted" }
  | { type: "history_browsed"; direction: "older" | "newer" }
  | { type: "completed"; candidates: CompletionCandidates }
  /** Enter: the line goes to history and the input is cleared. */
  | { type: "submitted" }
  /** The whole line replaced (a message to edit), the cursor at its end. */
  | { type: "replaced"; text: string };

/** Lines of input history kept. */
const HISTORY_LIMIT = 100;

/** An empty input line. */
export const emptyEditor: EditorState = {
  chars: [],
  cursor: 0,
  history: [],
  browsing: null,
  draft: [],
  completion: null,
};

/** The line's text. */
export function editorText(state: EditorState): string {
  return state.chars.join("");
}

type Handler<T extends EditorAction["type"]> = (
  state: EditorState,
  action: Extract<EditorAction, { type: T }>,
) => EditorState;

function edited(state: EditorState, chars: readonly string[], cursor: number): EditorState {
  return { ...state, chars, cursor, completion: null, browsing: null };
}

function showLine(state: EditorState, chars: readonly string[], browsing: number | null) {
  return { ...state, chars, cursor: chars.length, browsing, completion: null };
}

const handlers = {
  inserted: (s, { text }) => {
    // Pasted newlines would submit half a message; they become spaces.
    const added = [...text.replace(/[\r\n]+/g, " ").replace(/\p{Cc}/gu, "")];
    if (added.length === 0) return s;
    const chars = [...s.chars.slice(0, s.cursor), ...added, ...s.chars.slice(s.cursor)];
    return edited(s, chars, s.cursor + added.length);
  },
  deleted_backward: (s) =>
    s.cursor === 0
      ? s
      : edited(s, [...s.chars.slice(0, s.cursor - 1), ...s.chars.slice(s.cursor)], s.cursor - 1),
  deleted_forward: (s) =>
    s.cursor === s.chars.length
      ? s
      : edited(s, [...s.chars.slice(0, s.cursor), ...s.chars.slice(s.cursor + 1)], s.cursor),
  cursor_moved: (s, { to }) => {
    const cursor = {
      left: Math.max(0, s.cursor - 1),
      right: Math.min(s.chars.length, s.cursor + 1),
      start: 0,
      end: s.chars.length,
    }[to];
    return { ...s, cursor, completion: null };
  },
  word_moved: (s, { direction }) => ({
    ...s,
    cursor: direction === "back" ? wordStart(s.chars, s.cursor) : wordEnd(s.chars, s.cursor),
    completion: null,
  }),
  word_deleted: (s) => {
    const start = wordStart(s.chars, s.cursor);
    return edited(s, [...s.chars.slice(0, start), ...s.chars.slice(s.cursor)], start);
  },
  line_killed: (s) => edited(s, s.chars.slice(s.cursor), 0),
  killed_to_end: (s) => {
    const newline = s.chars.indexOf("\n", s.cursor);
    // At a line break, Ctrl+K joins the next line, as in Emacs and readline.
    const end = newline === s.cursor ? s.cursor + 1 : newline < 0 ? s.chars.length : newline;
    return end === s.cursor
      ? s
      : edited(s, [...s.chars.slice(0, s.cursor), ...s.chars.slice(end)], s.cursor);
  },
  newline_inserted: (s) =>
    edited(s, [...s.chars.slice(0, s.cursor), "\n", ...s.chars.slice(s.cursor)], s.cursor + 1),
  history_browsed: (s, { direction }) => {
    if (direction === "older") {
      const at = (s.browsing ?? s.history.length) - 1;
      if (at < 0) return s;
      const draft = s.browsing === null ? s.chars : s.draft;
      return { ...showLine(s, [...s.history[at]!], at), draft };
    }
    if (s.browsing === null) return s;
    const at = s.browsing + 1;
    return at >= s.history.length
      ? showLine(s, s.draft, null)
      : showLine(s, [...s.history[at]!], at);
  },
  completed: (s, { candidates }) => {
    const result = complete(s.chars, s.cursor, s.completion, candidates);
    return result ? { ...s, ...result, browsing: null } : s;
  },
  submitted: (s) => {
    const line = editorText(s).trim();
    const repeated = s.history.at(-1) === line;
    const history = line === "" || repeated
      ? s.history
      : [...s.history, line].slice(-HISTORY_LIMIT);
    return { ...emptyEditor, history };
  },
  replaced: (s, { text }) => edited(s, [...text], [...text].length),
} satisfies { [T in EditorAction["type"]]: Handler<T> };

/** Spaces and line breaks separate words. */
function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\n";
}

/** The start of the word before `cursor` (spaces before it skipped). */
function wordStart(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && isSpace(chars[i - 1])) i--;
  while (i > 0 && !isSpace(chars[i - 1])) i--;
  return i;
}

/** Just past the end of the word after `cursor` (spaces before it skipped). */
function wordEnd(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i < chars.length && isSpace(chars[i])) i++;
  while (i < chars.length && !isSpace(chars[i])) i++;
  return i;
}

/**
 * The input line's reducer.
 *
 * @param state the line
 * @param action the edit
 * @returns the edited line
 */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const handler = handlers[action.type] as Handler<typeof action.type>;
  return handler(state, action);
}
