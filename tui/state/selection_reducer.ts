/**
 * The selection mode and what the input line is composing: which message is selected in the
 * list shown, and whether Enter edits, answers or reacts to one (or `y` deletes it). Handlers of
 * {@linkcode chatReducer}'s table, kept here so that each file holds one concern.
 *
 * @module
 */
import type { Message } from "../../shared/mod.ts";
import type { ChatActionOf } from "./chat_actions.ts";
import { type ChatState, currentRoom, type Notice, type RoomEntry } from "./chat_state.ts";
import { sanitize, truncate } from "./text_width.ts";
import { updateRoom } from "./state_updates.ts";
import { type Viewport, visibleRows } from "./viewport.ts";

type Handler<T extends SelectionActionType> = (
  state: ChatState,
  action: ChatActionOf<T>,
) => ChatState;

type SelectionActionType =
  | "selection_started"
  | "selection_moved"
  | "selection_ended"
  | "compose_started"
  | "compose_ended"
  | "action_submitted";

/** The handlers of the selection and compose actions. */
export const selectionHandlers = {
  selection_started: (state, { viewport }) => {
    const newest = selectable(state).at(-1);
    if (!newest) return state;
    const notice: Notice = { level: "info", lines: [SELECTION_HINT] };
    return shownAt({ ...state, selected: newest.id, compose: null, notice }, newest, viewport);
  },
  selection_moved: (state, { delta, viewport }) => {
    const list = selectable(state);
    const at = list.findIndex((m) => m.id === state.selected);
    if (at < 0) return { ...state, selected: null };
    const next = list[Math.max(0, at + delta)];
    if (!next || at + delta >= list.length) return { ...state, selected: null };
    return shownAt({ ...state, selected: next.id }, next, viewport);
  },
  selection_ended: (state) =>
    state.selected === null ? state : { ...state, selected: null, notice: null },
  compose_started: (state, { compose }) => ({
    ...state,
    compose,
    selected: null,
    notice: compose.type === "delete"
      ? {
        level: "info",
        lines: [`Delete ${quoted(compose.message)}? y deletes it, any other key keeps it`],
      }
      : null,
  }),
  compose_ended: (state) => state.compose === null ? state : { ...state, compose: null },
  action_submitted: (state, { client_event_id, action }) => ({
    ...state,
    compose: null,
    actions: { ...state.actions, [client_event_id]: action },
  }),
} satisfies { [T in SelectionActionType]: Handler<T> };

/** What the notice says while a message is selected. */
const SELECTION_HINT =
  "↑/↓ or k/j move · e edit · d delete · r reply · + react · t thread · Esc leaves";

/** `bob's message "first words…"`, sanitized, for a question about it. */
export function quoted(message: Message): string {
  const text = truncate(sanitize(message.text), 40);
  return `${sanitize(message.sender.username)}'s message "${text}"`;
}

/** The messages that can be selected in the list shown: stored ones, tombstones included. */
export function selectable(state: ChatState): readonly Message[] {
  const thread = state.thread;
  if (thread && thread.room_id === state.currentRoomId) return [thread.root, ...thread.messages];
  return currentRoom(state)?.messages ?? [];
}

/** The message selected, if it is still in the list shown. */
export function selectedMessage(state: ChatState): Message | undefined {
  return state.selected === null
    ? undefined
    : selectable(state).find((m) => m.id === state.selected);
}

/** Scrolls the room shown so that `message` is on screen: at the bottom when it was not. */
function shownAt(state: ChatState, message: Message, viewport: Viewport): ChatState {
  if (state.currentRoomId === null || state.thread) return state;
  return updateRoom(state, state.currentRoomId, (e) => {
    if (isVisible(e, state, message, viewport)) return e;
    const newest = e.messages.at(-1)?.id === message.id && e.pending.length === 0;
    return { ...e, scroll: newest ? null : { seq: message.seq, skip: 0 } };
  });
}

function isVisible(entry: RoomEntry, state: ChatState, message: Message, viewport: Viewport) {
  const { rows } = visibleRows(entry, { width: viewport.width, me: state.me }, viewport.height);
  return rows.some((r) => r.type !== "day" && r.message === message);
}
