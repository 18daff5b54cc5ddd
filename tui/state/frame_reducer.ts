/**
 * How each server frame changes the chat state, dispatched through a table with one handler per
 * frame type (a missing one is a type error).
 *
 * @module
 */
import type { Message, ServerFrame } from "../../shared/mod.ts";
import { type ChatState, type RoomEntry, withOnline } from "./chat_state.ts";
import { RETRY_AFTER_FALLBACK_MS } from "../client/outbox.ts";
import { TYPING_TIMEOUT_MS } from "./chat_actions.ts";
import { mentionsUser } from "./mentions.ts";
import { withinWindow } from "./held_window.ts";
import { addMessages } from "./room_messages.ts";
import { addRoom, removeRoom, updateRoom } from "./state_updates.ts";

type FrameHandler<T extends ServerFrame["type"]> = (
  state: ChatState,
  frame: Extract<ServerFrame, { type: T }>,
  at: number,
) => ChatState;

const handlers = {
  // The socket authenticates before any other frame; there is nothing to show for it.
  welcome: (state) => state,
  pong: (state) => state,
  // A resumed room's replay is complete. A truncated replay leaves a gap in what is held; the
  // catch-up after every reconnect pages from the end of the gapless run, which closes it.
  synced: (state) => state,
  presence: (state, { user_id, status }) => ({
    ...state,
    online: withOnline(state.online, user_id, status === "online"),
  }),
  message: (state, { message }) =>
    updateRoom(state, message.room_id, (e) => received(state, e, message)),
  ack: (state, ack) =>
    updateRoom(state, ack.room_id, (entry) => {
      const pending = entry.pending.find((p) => p.client_msg_id === ack.ref);
      if (!pending || ack.seq === null) return entry;
      if (entry.hasNewer) {
        // Not held: the window is far back. The message is on the server; the pending copy goes.
        const rest = entry.pending.filter((p) => p !== pending);
        const last_seq = Math.max(entry.room.last_seq, ack.seq);
        return { ...entry, pending: rest, room: { ...entry.room, last_seq } };
      }
      const message: Message = {
        id: ack.message_id,
        room_id: ack.room_id,
        seq: ack.seq,
        sender: state.me,
        kind: pending.kind,
        text: pending.text,
        client_msg_id: pending.client_msg_id,
        created_at: pending.created_at,
        edited_at: null,
        deleted: false,
        reactions: [],
        reply_to: null,
        thread_root_id: null,
        reply_count: 0,
        last_reply_at: null,
      };
      return withinWindow(addMessages(entry, [message], state.me.id));
    }),
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
  // Protocol 2 events, mapped onto the protocol 1 handlers until the client shows edits,
  // reactions and threads (issue 12): a changed message replaces the one with its seq.
  event: (state, { event }): ChatState => {
    switch (event.type) {
      case "message_posted":
      case "message_edited":
      case "message_deleted":
      case "reaction_added":
      case "reaction_removed":
        return handlers.message(state, { type: "message", message: event.message });
      case "member_joined":
      case "member_added":
      case "member_left": {
        const action = event.type === "member_left" ? "left" : "joined";
        const { room_id, user, room } = event;
        return handlers.member(state, { type: "member", action, room_id, user, room });
      }
      case "room_updated":
        return handlers.room(state, { type: "room", action: "updated", room: event.room });
      case "room_deleted":
        return handlers.room(state, { type: "room", action: "deleted", room: event.room });
    }
  },
  read_marker: (state, { room_id, last_read_seq, unread_count }) =>
    updateRoom(state, room_id, (e) => ({
      ...e,
      lastReadSeq: Math.max(e.lastReadSeq, last_read_seq),
      unread: unread_count,
      mentioned: unread_count > 0 && e.mentioned,
    })),
  member: (state, { action, user, room }) => {
    if (user.id === state.me.id) {
      return action === "joined" ? addRoom(state, room) : removeRoom(state, room.id);
    }
    return updateRoom(state, room.id, (e) => {
      const others = e.members?.filter((m) => m.id !== user.id) ?? null;
      const members = others && action === "joined" ? [...others, user] : others;
      return {
        ...e,
        room: { ...room, last_seq: Math.max(room.last_seq, e.room.last_seq) },
        members,
      };
    });
  },
  room: (state, { action, room }) => {
    if (action === "deleted") return removeRoom(state, room.id);
    if (action === "created") return addRoom(state, room);
    return updateRoom(state, room.id, (e) => ({
      ...e,
      room: { ...room, last_seq: Math.max(room.last_seq, e.room.last_seq) },
    }));
  },
  error: (state, { code, message, ref, retry_after_ms }, at) => {
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

/** A `message` frame: stored when the room's history is being kept, counted when not shown. */
function received(state: ChatState, entry: RoomEntry, message: Message): RoomEntry {
  const isNew = message.seq > entry.room.last_seq;
  const fromMe = message.sender.id === state.me.id;
  const shown = state.currentRoomId === entry.room.id;
  const typing = { ...entry.typing };
  delete typing[message.sender.id];
  // Not held before history is loaded, nor while the window is far back (it would leave a gap).
  const next: RoomEntry = entry.history === "none" || entry.hasNewer
    ? { ...entry, room: isNew ? { ...entry.room, last_seq: message.seq } : entry.room }
    : withinWindow(addMessages(entry, [message], state.me.id));
  if (!isNew || fromMe || shown) return { ...next, typing };
  return {
    ...next,
    typing,
    unread: next.unread + 1,
    mentioned: next.mentioned || mentionsUser(message.text, state.me.username),
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
