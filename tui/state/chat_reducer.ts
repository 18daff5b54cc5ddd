/**
 * The chat screen's reducer: a pure function of state and action, dispatched through a table with
 * one handler per action type. Protocol frames are handled in `frame_reducer.ts`.
 *
 * @module
 */
import { type ChatAction, type ChatActionOf, QUIT_CONFIRM_MS } from "./chat_actions.ts";
import {
  type ChatState,
  type RoomEntry,
  unsentCount,
  withHistoryReloaded,
  withOnline,
} from "./chat_state.ts";
import { showAround } from "./around_window.ts";
import { applyFrame } from "./frame_reducer.ts";
import { withinWindow } from "./held_window.ts";
import { addMessages } from "./room_messages.ts";
import { cycledRoomId, findRoom, nextUnreadRoomId } from "./room_order.ts";
import { roomsLoaded } from "./rooms_loaded.ts";
import { addRoom, removeRoom, selectRoom, updateRoom } from "./state_updates.ts";
import { selectionHandlers } from "./selection_reducer.ts";
import { threadHandlers } from "./thread_reducer.ts";
import { scrollBy } from "./viewport.ts";

type Handler<T extends ChatAction["type"]> = (
  state: ChatState,
  action: ChatActionOf<T>,
) => ChatState;

const handlers = {
  ...selectionHandlers,
  ...threadHandlers,
  status_changed: (state, { status }) => {
    const next = { ...state, status };
    if (status.state !== "connected") return next;
    // Back online: history that failed to load gets another chance.
    return Object.values(state.rooms).reduce(
      (s, e) => e.history === "failed" ? updateRoom(s, e.room.id, retryHistory) : s,
      next,
    );
  },
  frame_received: (state, { frame, at }) => applyFrame(state, frame, at),
  rooms_loaded: (state, { rooms, select }) => roomsLoaded(state, rooms, select),
  room_added: (state, { room, select }) => {
    const added = addRoom(state, room);
    return select ? selectRoom(added, room.id) : added;
  },
  room_removed: (state, { room_id }) => removeRoom(state, room_id),
  public_rooms_loaded: (state, { names }) => ({ ...state, publicRooms: names }),
  room_selected: (state, { room }) => {
    const entry = findRoom(state, room);
    if (!entry) return state;
    const shown = selectRoom(state, entry.room.id);
    return entry.history === "failed" ? updateRoom(shown, entry.room.id, retryHistory) : shown;
  },
  room_cycled: (state, { delta }) => {
    const id = cycledRoomId(state, delta);
    return id === null ? state : selectRoom(state, id);
  },
  unread_room_selected: (state) => {
    const id = nextUnreadRoomId(state);
    return id === null ? state : selectRoom(state, id);
  },
  history_requested: (state, { room_id, direction }) =>
    updateRoom(state, room_id, (e) => {
      if (direction === "latest") return { ...e, history: "loading" };
      return direction === "older" ? { ...e, older: "loading" } : { ...e, newer: "loading" };
    }),
  history_loaded: (state, { room_id, messages, has_more, direction }) =>
    updateRoom(state, room_id, (e) => {
      const firstHeld = e.messages[0]?.seq ?? Infinity;
      const next = addMessages(e, messages, state.me.id);
      if (direction === "newer") {
        // A page down past the window.
        const hasNewer = e.hasNewer && has_more;
        return withinWindow({ ...next, newer: "idle", hasNewer });
      }
      // A latest page only tells about older messages when it reaches below what was held.
      const reachesBelow = (messages[0]?.seq ?? Infinity) <= firstHeld;
      const hasOlder = direction === "older" || reachesBelow ? has_more : e.hasOlder;
      return direction === "latest"
        ? withinWindow({ ...next, history: "loaded", hasOlder })
        : withinWindow(payOwedScroll({ ...next, older: "idle", hasOlder }, state.me));
    }),
  history_around_loaded: (state, { room_id, messages, seq }) =>
    updateRoom(state, room_id, (e) => showAround(e, messages, seq, state.me.id)),
  history_failed: (state, { room_id, direction, error }) => {
    const failed = updateRoom(state, room_id, (e) => {
      if (direction === "latest") return { ...e, history: "failed" };
      if (direction === "older") return { ...e, older: "idle", owedScroll: null };
      return { ...e, newer: "idle" };
    });
    return { ...failed, notice: { level: "error", lines: [`Cannot load history: ${error}`] } };
  },
  members_loaded(state, { room_id, members, online }) {
    const known = new Set(online);
    const next = members.reduce((o, m) => withOnline(o, m.id, known.has(m.id)), state.online);
    return updateRoom({ ...state, online: next }, room_id, (e) => ({ ...e, members }));
  },
  message_submitted: (
    state,
    { room_id, client_msg_id, text, kind, at, reply_to, thread_root_id },
  ) =>
    updateRoom(state, room_id, (e) => ({
      ...e,
      pending: [...e.pending, {
        room_id,
        client_msg_id,
        text,
        kind,
        created_at: new Date(at).toISOString(),
        error: null,
        reply_to,
        thread_root_id,
      }],
      // Sending shows the newest messages, as every chat client does.
      scroll: null,
    })),
  read_marked: (state, { room_id, seq }) =>
    updateRoom(state, room_id, (e) => seq <= e.lastReadSeq ? e : { ...e, lastReadSeq: seq }),
  scrolled: (state, { direction, viewport }) => {
    if (state.currentRoomId === null) return state;
    return updateRoom(state, state.currentRoomId, (e) => {
      const page = Math.max(1, viewport.height - 2);
      const ctx = { width: viewport.width, me: state.me };
      const { scroll, atTop } = scrollBy(e, ctx, viewport, direction === "up" ? page : -page);
      const last = e.messages.at(-1);
      if (direction === "down" && scroll === null && e.hasNewer && last) {
        // The newest held is not the newest: stay at the bottom and page newer ones in.
        const bottom = { seq: last.seq, skip: 0 };
        return {
          ...e,
          scroll: bottom,
          owedScroll: null,
          newer: e.newer === "idle" ? "wanted" : e.newer,
        };
      }
      if (direction === "down" || !atTop || !e.hasOlder) {
        return { ...e, scroll, owedScroll: null };
      }
      // The top of what is held stopped this page short: the rest follows the older page.
      const owed = e.owedScroll;
      const owedScroll = { from: owed?.from ?? e.scroll, rows: (owed?.rows ?? 0) + page, viewport };
      return { ...e, scroll, owedScroll, older: e.older === "idle" ? "wanted" : e.older };
    });
  },
  scrolled_to_newest: (state) => {
    if (state.currentRoomId === null) return state;
    return updateRoom(
      state,
      state.currentRoomId,
      (e) => {
        // Far back in a long room: drop the window and load the newest page again.
        if (e.hasNewer) return withHistoryReloaded(e);
        return e.scroll === null && !e.owedScroll ? e : { ...e, scroll: null, owedScroll: null };
      },
    );
  },
  typing_expired: (state, { at }) => {
    let next = state;
    for (const entry of Object.values(state.rooms)) {
      const live = Object.entries(entry.typing).filter(([, t]) => t.until > at);
      if (live.length === Object.keys(entry.typing).length) continue;
      next = updateRoom(next, entry.room.id, (e) => ({ ...e, typing: Object.fromEntries(live) }));
    }
    return next;
  },
  notice_shown: (state, { notice }) => ({ ...state, notice }),
  notice_dismissed: (state) => state.notice === null ? state : { ...state, notice: null },
  pending_resent: (state, { client_msg_ids }) => {
    const resent = new Set(client_msg_ids);
    let next = state;
    for (const entry of Object.values(state.rooms)) {
      if (!entry.pending.some((p) => resent.has(p.client_msg_id))) continue;
      next = updateRoom(next, entry.room.id, (e) => ({
        ...e,
        pending: e.pending.map((p) =>
          resent.has(p.client_msg_id) ? { ...p, retryAt: undefined } : p
        ),
      }));
    }
    return next;
  },
  pending_restored: (state, { messages }) =>
    messages.reduce((s, m) =>
      updateRoom(s, m.room_id, (e) => {
        const known = e.pending.some((p) => p.client_msg_id === m.client_msg_id) ||
          e.messages.some((stored) => stored.client_msg_id === m.client_msg_id);
        return known ? e : { ...e, pending: [...e.pending, { ...m, error: null }] };
      }), state),
  pending_discarded: (state, { room_id }) =>
    updateRoom(state, room_id, (e) => ({
      ...e,
      pending: e.pending.filter((p) => p.error !== null),
    })),
  quit_requested(state, { at }) {
    const unsent = unsentCount(state);
    const confirmed = state.quitArmedAt !== null && at - state.quitArmedAt < QUIT_CONFIRM_MS;
    if (unsent === 0 || confirmed) return { ...state, quitting: true };
    const what = unsent === 1 ? "1 message is" : `${unsent} messages are`;
    return {
      ...state,
      quitArmedAt: at,
      notice: {
        level: "error",
        lines: [
          `${what} not sent yet: quit again within 5 s to leave (they are kept and sent ` +
          "next time), /discard drops them, or wait to reconnect",
        ],
        tag: "unsent",
      },
    };
  },
} satisfies { [T in ChatAction["type"]]: Handler<T> };

/**
 * Finishes a page up that stopped at the first message held, now that older messages are in:
 * the view lands where the whole scroll would have, not one line above where it stopped.
 */
function payOwedScroll(entry: RoomEntry, me: ChatState["me"]): RoomEntry {
  const owed = entry.owedScroll;
  if (!owed) return entry;
  const ctx = { width: owed.viewport.width, me };
  const { scroll, atTop } = scrollBy(
    { ...entry, scroll: owed.from },
    ctx,
    owed.viewport,
    owed.rows,
  );
  // Still short with more on the server: keep the debt and fetch the next page.
  if (atTop && entry.hasOlder) return { ...entry, scroll, older: "wanted" };
  return { ...entry, scroll, owedScroll: null };
}

function retryHistory(entry: RoomEntry): RoomEntry {
  return { ...entry, history: "none" };
}

/**
 * The chat screen's reducer.
 *
 * @param state the current state
 * @param action what happened
 * @returns the next state (the same object when nothing changed)
 */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  const handler = handlers[action.type] as Handler<typeof action.type>;
  const next = handler(state, action);
  // The warning of a refused quit is true only while something is unsent.
  if (next.notice?.tag === "unsent" && unsentCount(next) === 0) {
    return { ...next, notice: null, quitArmedAt: null };
  }
  return next;
}
