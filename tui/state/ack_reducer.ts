/**
 * An `ack`: my action is applied. An edit, delete or reaction stops being pending; a message of
 * mine gets its place (timeline or thread) from the ack, before its `message_posted` event, which
 * then replaces it by id.
 *
 * @module
 */
import { type AckFrame, type Message, replyPreviewOf } from "../../shared/mod.ts";
import type { z } from "zod";
import type { ChatState, PendingMessage, RoomEntry } from "./chat_state.ts";
import { withinWindow } from "./held_window.ts";
import { addMessages, mergeMessages, withoutPendingOf } from "./room_messages.ts";
import { updateRoom } from "./state_updates.ts";

/**
 * Applies an ack.
 *
 * @param state the current state
 * @param ack the frame
 * @returns the next state
 */
export function ackReceived(state: ChatState, ack: z.infer<typeof AckFrame>): ChatState {
  if (ack.ref in state.actions) return withoutAction(state, ack.ref);
  const entry = state.rooms[ack.room_id];
  const pending = entry?.pending.find((p) => p.client_msg_id === ack.ref);
  if (!entry || !pending || ack.seq === null) return state;
  const message = stored(state, entry, pending, ack.message_id, ack.seq);
  if (pending.thread_root_id !== undefined) {
    const next = updateRoom(
      state,
      entry.room.id,
      (e) => withoutPendingOf(e, [message], state.me.id),
    );
    const thread = next.thread;
    if (thread?.root.id !== pending.thread_root_id) return next;
    return { ...next, thread: { ...thread, messages: mergeMessages(thread.messages, [message]) } };
  }
  return updateRoom(state, entry.room.id, (e) => {
    if (!e.hasNewer) return withinWindow(addMessages(e, [message], state.me.id));
    // Not held: the window is far back. The message is on the server; the pending copy goes.
    const rest = e.pending.filter((p) => p !== pending);
    const last_seq = Math.max(e.room.last_seq, message.seq);
    return { ...e, pending: rest, room: { ...e.room, last_seq } };
  });
}

/** The state without the pending action `ref`. */
export function withoutAction(state: ChatState, ref: string): ChatState {
  const actions = { ...state.actions };
  delete actions[ref];
  return { ...state, actions };
}

/** My pending message as the server stored it, with the preview of what it answers. */
function stored(
  state: ChatState,
  entry: RoomEntry,
  pending: PendingMessage,
  id: string,
  seq: number,
): Message {
  const held = [...entry.messages, ...(state.thread?.messages ?? [])];
  const quoted = pending.reply_to === undefined
    ? undefined
    : held.find((m) => m.id === pending.reply_to);
  return {
    id,
    room_id: entry.room.id,
    seq,
    sender: state.me,
    kind: pending.kind,
    text: pending.text,
    client_msg_id: pending.client_msg_id,
    created_at: pending.created_at,
    edited_at: null,
    deleted: false,
    reactions: [],
    reply_to: quoted ? replyPreviewOf(quoted) : null,
    thread_root_id: pending.thread_root_id ?? null,
    reply_count: 0,
    last_reply_at: null,
  };
}
