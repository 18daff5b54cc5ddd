/**
 * How each event of a room's stream (see `shared/events.ts`) changes the chat state, dispatched
 * through a table with one handler per event type (a missing one is a type error).
 *
 * A changed message arrives in its full current state and replaces the copy held by `id`, in the
 * room's timeline and in the open thread, and the replies quoting it get its new preview
 * (`applyMessageChanges`). A new message goes to the timeline, or to its thread when it is a
 * thread reply (the root, with its new reply count, replaces the one held). Every event moves the
 * room's `last_seq`.
 *
 * @module
 */
import {
  applyMessageChanges,
  mentionsUser,
  type Message,
  type RoomEvent,
} from "../../shared/mod.ts";
import {
  type ChatState,
  type RoomEntry,
  type ThreadView,
  withHistoryReloaded,
  withThreadReloaded,
} from "./chat_state.ts";
import { withinWindow } from "./held_window.ts";
import { addMessages, mergeMessages, withoutPendingOf } from "./room_messages.ts";
import { addRoom, removeRoom, updateRoom } from "./state_updates.ts";

type EventHandler<T extends RoomEvent["type"]> = (
  state: ChatState,
  event: Extract<RoomEvent, { type: T }>,
) => ChatState;

const handlers = {
  message_posted: (state, { room_id, seq, message, thread_root }) => {
    if (message.thread_root_id === null) {
      return updateRoom(state, room_id, (e) => received(state, e, message));
    }
    const root = thread_root ? [thread_root] : [];
    const next = updateRoom(state, room_id, (e) => ({
      ...withoutPendingOf(changed(e, seq, root), [message], state.me.id),
      typing: withoutTyping(e.typing, message.sender.id),
    }));
    const thread = next.thread;
    if (thread?.room_id !== room_id || thread.root.id !== message.thread_root_id) {
      return withThreadChanges(next, room_id, root);
    }
    const messages = mergeMessages(thread.messages, [message]);
    return { ...next, thread: { ...thread, root: thread_root ?? thread.root, messages } };
  },
  message_edited: (state, { room_id, seq, message }) =>
    messagesChanged(state, room_id, seq, [message]),
  message_deleted: (state, { room_id, seq, message, thread_root }) => {
    const held = state.rooms[room_id]?.messages.find((m) => m.id === message.id);
    const next = messagesChanged(
      state,
      room_id,
      seq,
      thread_root ? [message, thread_root] : [message],
    );
    // A message counted as unread no longer is once deleted (the server's count agrees), nor
    // does it mention anyone: its text is gone.
    const wasCounted = !held?.deleted && message.thread_root_id === null &&
      message.sender.id !== state.me.id;
    return updateRoom(next, room_id, (e) => {
      if (!wasCounted || e.unread === 0 || message.seq <= e.lastReadSeq) return e;
      const mentionedMe = held !== undefined &&
        mentionsUser(held.text, e.room.kind, state.me.username);
      const mentionCount = Math.max(0, e.mentionCount - (mentionedMe ? 1 : 0));
      return {
        ...e,
        unread: e.unread - 1,
        mentioned: e.unread > 1 && e.mentioned && mentionCount > 0,
        mentionCount,
      };
    });
  },
  reaction_added: (state, { room_id, seq, message }) =>
    messagesChanged(state, room_id, seq, [message]),
  reaction_removed: (state, { room_id, seq, message }) =>
    messagesChanged(state, room_id, seq, [message]),
  member_joined: (state, { seq, user, room }) => memberChanged(state, seq, user, room, true),
  member_added: (state, { seq, user, room }) => memberChanged(state, seq, user, room, true),
  member_left: (state, { seq, user, room }) => memberChanged(state, seq, user, room, false),
  room_updated: (state, { seq, room }) =>
    updateRoom(state, room.id, (e) => ({ ...e, room: withSeq(room, e.room.last_seq, seq) })),
  room_deleted: (state, { room }) => removeRoom(state, room.id),
} satisfies { [T in RoomEvent["type"]]: EventHandler<T> };

/**
 * Applies one event of a room's stream.
 *
 * @param state the current state
 * @param event a validated event
 * @returns the next state
 */
export function applyEvent(state: ChatState, event: RoomEvent): ChatState {
  const handler = handlers[event.type] as EventHandler<typeof event.type>;
  const held = state.rooms[event.room_id]?.syncedSeq ?? event.seq;
  // Past a gap, the open thread may miss replies too.
  const next = event.seq > held + 1 ? withThreadReloaded(state, event.room_id) : state;
  return updateRoom(handler(next, event), event.room_id, (e) => streamed(e, event.seq));
}

/**
 * Moves a room's stream position (`syncedSeq`) with an event of its stream. The stream is
 * gapless, so an event past the next seq means events were missed (a room left and joined
 * again, a connection that started after the room was loaded): the messages held may miss
 * changes, and are loaded again.
 */
function streamed(entry: RoomEntry, seq: number): RoomEntry {
  if (seq <= entry.syncedSeq) return entry;
  const held = seq === entry.syncedSeq + 1 ? entry : withHistoryReloaded(entry);
  return { ...held, syncedSeq: seq };
}

/** A new message of the timeline: held when the room's history is kept, counted when not shown. */
function received(state: ChatState, entry: RoomEntry, message: Message): RoomEntry {
  const isNew = message.seq > entry.room.last_seq;
  const fromMe = message.sender.id === state.me.id;
  const shown = state.currentRoomId === entry.room.id;
  const typing = withoutTyping(entry.typing, message.sender.id);
  // Not held before history is loaded, nor while the window is far back (it would leave a gap).
  const next: RoomEntry = entry.history === "none" || entry.hasNewer
    ? { ...entry, room: isNew ? { ...entry.room, last_seq: message.seq } : entry.room }
    : withinWindow(addMessages(entry, [message], state.me.id));
  if (!isNew || fromMe || shown || message.deleted) return { ...next, typing };
  const mentioned = mentionsUser(message.text, entry.room.kind, state.me.username);
  return {
    ...next,
    typing,
    unread: next.unread + 1,
    mentioned: next.mentioned || mentioned,
    mentionCount: next.mentionCount + (mentioned ? 1 : 0),
  };
}

/** Messages changed in their room (timeline and open thread) by the event at `seq`. */
function messagesChanged(
  state: ChatState,
  roomId: string,
  seq: number,
  messages: readonly Message[],
): ChatState {
  const next = updateRoom(state, roomId, (e) => changed(e, seq, messages));
  return withThreadChanges(next, roomId, messages);
}

/** The room's held messages with `messages` replacing theirs, and `last_seq` at least `seq`. */
function changed(entry: RoomEntry, seq: number, messages: readonly Message[]): RoomEntry {
  const held = messages.length === 0
    ? entry.messages
    : applyMessageChanges(entry.messages, messages);
  return { ...entry, messages: held, room: withSeq(entry.room, entry.room.last_seq, seq) };
}

/** The open thread, when in `roomId`, with `messages` replacing its root's and replies' copies. */
function withThreadChanges(
  state: ChatState,
  roomId: string,
  messages: readonly Message[],
): ChatState {
  const thread = state.thread;
  if (thread?.room_id !== roomId || messages.length === 0) return state;
  const [root] = applyMessageChanges([thread.root], messages);
  const next: ThreadView = {
    ...thread,
    root: root ?? thread.root,
    messages: applyMessageChanges(thread.messages, messages),
  };
  return { ...state, thread: next };
}

/** A user joined, was added to, or left a room; for me, the room is added or forgotten. */
function memberChanged(
  state: ChatState,
  seq: number,
  user: { id: string; username: string },
  room: RoomEntry["room"],
  joined: boolean,
): ChatState {
  if (user.id === state.me.id) return joined ? addRoom(state, room) : removeRoom(state, room.id);
  return updateRoom(state, room.id, (e) => {
    const others = e.members?.filter((m) => m.id !== user.id) ?? null;
    const members = others && joined ? [...others, user] : others;
    return { ...e, room: withSeq(room, e.room.last_seq, seq), members };
  });
}

/** `room` with `last_seq` the highest of its own, the one held and the event's. */
function withSeq(room: RoomEntry["room"], held: number, seq: number): RoomEntry["room"] {
  const last_seq = Math.max(room.last_seq, held, seq);
  return last_seq === room.last_seq ? room : { ...room, last_seq };
}

function withoutTyping(typing: RoomEntry["typing"], userId: string): RoomEntry["typing"] {
  if (!(userId in typing)) return typing;
  const next = { ...typing };
  delete next[userId];
  return next;
}
