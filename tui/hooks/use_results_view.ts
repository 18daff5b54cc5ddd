/**
 * The results view's effects and keys (issue 14): `/search`, `/mentions` and Ctrl+F open it,
 * ↑/↓ select, Enter (on an empty input line) opens the selected message in its room around it,
 * Esc closes it. The view's state is its own reducer (`results_view.ts`); opening a message
 * goes through the chat reducer (`history_around_loaded`, `room_selected`).
 *
 * @module
 */
import type { Key } from "ink";
import { useCallback, useMemo, useReducer } from "react";
import type { ApiClient } from "../client/api_client.ts";
import type { ChatState } from "../state/chat_state.ts";
import { editorText } from "../state/input_editor.ts";
import {
  hitRows,
  mentionRows,
  type ResultRow,
  resultsReducer,
  type ResultsView,
} from "../state/results_view.ts";
import { type Dispatch, errorText } from "./chat_effects.ts";
import type { InputEditor } from "./use_input_editor.ts";
import { useLatest } from "./use_latest.ts";

/** Messages fetched around an opened result: a screenful above and below it. */
const AROUND_LIMIT = 50;
/** Results fetched per search or mentions list. */
const RESULTS_LIMIT = 50;

/** The API calls of the results view. */
export type ResultsApi = Pick<ApiClient, "search" | "mentions" | "history">;

/** The results view and what opens and drives it. */
export interface ResultsControl {
  /** The view, or null when closed. */
  view: ResultsView | null;
  /** Opens the view on a search for `query`, or on my mentions. */
  open(kind: ResultsView["kind"], query?: string): void;
  /** Handles a key; returns whether it was the view's (or Ctrl+F). */
  key(input: string, key: Key): boolean;
}

/**
 * Holds the results view.
 *
 * @param api the client
 * @param state the chat state (which rooms are mine)
 * @param dispatch the chat reducer's dispatch
 * @param editor the input line: Ctrl+F starts a `/search` there; Enter opens a result only when
 * the line is empty
 */
export function useResultsView(
  api: ResultsApi,
  state: ChatState,
  dispatch: Dispatch,
  editor: InputEditor,
): ResultsControl {
  const [view, update] = useReducer(resultsReducer, null);
  const latest = useLatest({ api, state, dispatch, editor, view });

  const open = useCallback((kind: ResultsView["kind"], query = "") => {
    const { api } = latest.current;
    update({ type: "results_opened", kind, query });
    const rows: Promise<ResultRow[]> = kind === "search"
      ? api.search({ q: query, limit: RESULTS_LIMIT }).then((page) => hitRows(page.hits))
      : api.mentions({ limit: RESULTS_LIMIT }).then((page) => mentionRows(page.mentions));
    rows.then(
      (loaded) => update({ type: "results_loaded", rows: loaded }),
      (err) => update({ type: "results_failed", error: errorText(err) }),
    );
  }, [latest]);

  const openRow = useCallback(async (row: ResultRow) => {
    const { api, state, dispatch } = latest.current;
    if (!state.rooms[row.room.id]) {
      const name = row.room.name ?? row.room.id;
      const lines = [`Not a member of #${name}: /join ${name} to read it there`];
      return dispatch({ type: "notice_shown", notice: { level: "info", lines } });
    }
    try {
      const page = await api.history(row.room.id, { around_seq: row.seq, limit: AROUND_LIMIT });
      dispatch({
        type: "history_around_loaded",
        room_id: row.room.id,
        messages: page.messages,
        seq: row.seq,
      });
      dispatch({ type: "room_selected", room: row.room.id });
      update({ type: "results_closed" });
    } catch (err) {
      dispatch({ type: "notice_shown", notice: { level: "error", lines: [errorText(err)] } });
    }
  }, [latest]);

  const key = useCallback((input: string, key: Key) => {
    const { view, editor } = latest.current;
    if (key.ctrl && input === "f") {
      editor.apply({ type: "line_killed" });
      editor.apply({ type: "inserted", text: "/search " });
      return true;
    }
    if (view === null) return false;
    if (key.escape) update({ type: "results_closed" });
    else if (key.upArrow) update({ type: "result_moved", delta: -1 });
    else if (key.downArrow) update({ type: "result_moved", delta: 1 });
    else if (key.pageUp) update({ type: "result_moved", delta: -10 });
    else if (key.pageDown) update({ type: "result_moved", delta: 10 });
    else if (key.return && !key.meta && editorText(editor.current()).trim() === "") {
      const row = view.rows[view.selected];
      if (row) void openRow(row);
    } else return false;
    return true;
  }, [latest, openRow]);

  return useMemo(() => ({ view, open, key }), [view, open, key]);
}
