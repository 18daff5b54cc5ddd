/**
 * How each server frame changes the chat state, dispatched through a table with one handler per
 * frame type (a missing one is a type error).
 *
 * @module
 */
import type { ReadMarker, ServerFrame } from "../../shared/mod.ts";
import {
  type ChatState,
  type PendingAction,
  type RoomEntry,
  withHistoryReloaded,
  withOnline,
  withThreadReloaded,
} from "./chat_state.ts";
import { RETRY_AFTER_FALLBACK_MS } from "../client/outbox.ts";
import { TYPING_TIMEOUT_MS } from "./chat_actions.ts";
import { ackReceived, withoutAction } from "./ack_reducer.ts";
import { applyEvent } from "./event_reducer.ts";
import { updateRoom } from "./state_updates.ts";

type FrameHandler<T extends ServerFrame["type"]> = (
  state: ChatState,
  frame: Extract<ServerFrame, { type: T }>,
  at: number,
) => ChatState;

const handlers = {
  // My read markers and unread counts as of now. The replay of a resumed room that follows
  // repeats messages these counts include, so each room's count is set again at its `synced`.
  welcome: (state, { read_markers }) =>
    read_markers.reduce(
      (s, marker) =>
        updateRoom(s, marker.room_id, (e) => ({
          ...withMarker(s, e, marker),
          unreadAtWelcome: marker.unread_count,
        })),
      state,
    ),
  pong: (state) => state,
  // A resumed room's replay is complete. A truncated one left events out: what is held is
  // loaded again.
  synced: (state, { room_id, truncated }) =>
    updateRoom(truncated ? withThreadReloaded(state, room_id) : state, room_id, (e) => {
      const held = truncated ? withHistoryReloaded(e) : e;
      if (e.unreadAtWelcome === null) return held;
      const unread = state.currentRoomId === room_id ? 0 : e.unreadAtWelcome;
      return { ...held, unread, mentioned: unread > 0 && e.mentioned, unreadAtWelcome: null };
    }),
  presence: (state, { user_id, status }) => ({
    ...state,
    online: withOnline(state.online, user_id, status === "online"),
  }),
  event: (state, { event }) => applyEvent(state, event),
  ack: (state, ack) => ackReceived(state, ack),
  typing: (state, { room_id, user }, at) => {
    if (user.id === state.me.id) return state;
    return updateRoom(state, room_id, (e) => ({
      ...e,
      typing: {
        ...e.typing,
        [user.id]: { username: user.username, until: at + TYPING_TIMEOUT_MS },
      },
    }));
  },
  // Read on another of my connections: its count replaces mine.
  read_marker: (state, marker) =>
    updateRoom(state, marker.room_id, (e) => withMarker(state, e, marker)),
  error: (state, { code, message, ref, retry_after_ms }, at) => {
    const action = ref === undefined ? undefined : state.actions[ref];
    if (action && ref !== undefined && code !== "rate_limited") {
      // Refused for good: said, never silently lost. A rate-limited one is sent again by the
      // action queue.
      const line = `Cannot ${ACTION_VERBS[action.type]}: ${message}`;
      return { ...withoutAction(state, ref), notice: { level: "error", lines: [line] } };
    }
    if (action) return state;
    const owner = ref === undefined
      ? undefined
      : Object.values(state.rooms).find((e) => e.pending.some((p) => p.client_msg_id === ref));
    if (!owner) return { ...state, notice: { level: "error", lines: [message] } };
    // A rate-limited message is not refused for good: the outbox sends it again when the server
    // said it may.
    const change = code === "rate_limited"
      ? { retryAt: at + (retry_after_ms ?? RETRY_AFTER_FALLBACK_MS) }
      : { error: message };
    return updateRoom(state, owner.room.id, (e) => ({
      ...e,
      pending: e.pending.map((p) => p.client_msg_id === ref ? { ...p, ...change } : p),
    }));
  },
} satisfies { [T in ServerFrame["type"]]: FrameHandler<T> };

/** How a refused action is named in its error line. */
const ACTION_VERBS: Record<PendingAction["type"], string> = {
  edit: "edit the message",
  delete: "delete the message",
  react: "react to the message",
  unreact: "take back the reaction",
};

/** A room with the server's read marker and unread count (0 while the room is shown). */
function withMarker(state: ChatState, entry: RoomEntry, marker: ReadMarker): RoomEntry {
  const unread = state.currentRoomId === entry.room.id ? 0 : marker.unread_count;
  return {
    ...entry,
    lastReadSeq: Math.max(entry.lastReadSeq, marker.last_read_seq),
    unread,
    mentioned: unread > 0 && entry.mentioned,
    mentionCount: unread > 0 ? entry.mentionCount : 0,
  };
}

/**
 * Applies a server frame.
 *
 * @param state the current state
 * @param frame a validated server frame
 * @param at when it arrived (epoch ms), for typing timeouts
 * @returns the next state
 */
export function applyFrame(state: ChatState, frame: ServerFrame, at: number): ChatState {
  const handler = handlers[frame.type] as FrameHandler<typeof frame.type>;
  return handler(state, frame, at);
}
