/**
 * The results view of `/search`, Ctrl+F and `/mentions` (issue 14): a list of messages from
 * any room, one selected; Enter opens the selected one in its room, Esc closes the view. A pure
 * reducer over a tagged action union, like the chat reducer, and kept beside it rather than in it.
 *
 * @module
 */
import type { Mention, RoomRef, SearchHit, SnippetPart, UserRef } from "../../shared/mod.ts";

/** One row: where and when a message was posted, by whom, and its text or snippet. */
export interface ResultRow {
  room: RoomRef;
  /** The message's seq in its room, to open it there (`around_seq`). */
  seq: number;
  messageId: string;
  sender: UserRef;
  /** ISO 8601 */
  createdAt: string;
  snippet: readonly SnippetPart[];
  /** A mention after my read marker. */
  unread: boolean;
}

/** The view: what it lists, its rows and which one is selected. */
export interface ResultsView {
  kind: "search" | "mentions";
  /** The query of a search; empty for mentions. */
  query: string;
  status: "loading" | "loaded" | "failed";
  error: string | null;
  rows: readonly ResultRow[];
  selected: number;
}

/** An action of {@linkcode resultsReducer}. */
export type ResultsAction =
  | { type: "results_opened"; kind: ResultsView["kind"]; query: string }
  | { type: "results_loaded"; rows: readonly ResultRow[] }
  | { type: "results_failed"; error: string }
  | { type: "result_moved"; delta: number }
  | { type: "results_closed" };

/** Rows of search hits, with their snippets. */
export function hitRows(hits: readonly SearchHit[]): ResultRow[] {
  return hits.map(({ message, room, snippet }) => ({
    room,
    seq: message.seq,
    messageId: message.id,
    sender: message.sender,
    createdAt: message.created_at,
    snippet,
    unread: false,
  }));
}

/** Rows of mentions, with the message's text as their snippet. */
export function mentionRows(mentions: readonly Mention[]): ResultRow[] {
  return mentions.map(({ message, room, unread }) => ({
    room,
    seq: message.seq,
    messageId: message.id,
    sender: message.sender,
    createdAt: message.created_at,
    snippet: [{ text: message.text, match: false }],
    unread,
  }));
}

/**
 * The results view's reducer; null is the view closed.
 *
 * @param view the view, or null
 * @param action what happened
 * @returns the next view
 */
export function resultsReducer(
  view: ResultsView | null,
  action: ResultsAction,
): ResultsView | null {
  switch (action.type) {
    case "results_opened":
      return {
        kind: action.kind,
        query: action.query,
        status: "loading",
        error: null,
        rows: [],
        selected: 0,
      } satisfies ResultsView;
    case "results_closed":
      return null;
  }
  if (view === null) return null;
  switch (action.type) {
    case "results_loaded":
      return { ...view, status: "loaded" as const, rows: action.rows, selected: 0 };
    case "results_failed":
      return { ...view, status: "failed" as const, error: action.error };
    case "result_moved": {
      const last = Math.max(0, view.rows.length - 1);
      const selected = Math.min(last, Math.max(0, view.selected + action.delta));
      return selected === view.selected ? view : { ...view, selected };
    }
  }
}
