/**
 * Builders of protocol objects for the TUI's tests. Ids are derived from names, so tests read by
 * name and stay deterministic.
 *
 * @module
 */
import type {
  Message,
  Room,
  RoomEvent,
  RoomSummary,
  ServerFrame,
  UserRef,
} from "../../shared/mod.ts";
import type { ConnectionStatus } from "../client/chat_socket.ts";
import { chatReducer } from "../state/chat_reducer.ts";
import type { ChatAction } from "../state/chat_actions.ts";
import { type ChatState, initialChatState } from "../state/chat_state.ts";

/** A UUID-shaped id made from a label (the same label gives the same id). */
export function idOf(label: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; hex.join("").length < 32; round++) {
    for (const c of `${label}#${round}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, "0"));
  }
  const s = hex.join("").slice(0, 32);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${
    s.slice(20)
  }`;
}

/** A user reference. */
export function user(username: string): UserRef {
  return { id: idOf(`user:${username}`), username };
}

/** A room; `direct` rooms have no name. */
export function room(name: string, overrides: Partial<Room> = {}): Room {
  return {
    id: idOf(`room:${name}`),
    kind: "public",
    name: overrides.kind === "direct" ? null : name,
    topic: "",
    owner_id: null,
    last_seq: 0,
    created_at: "2025-03-04T09:00:00.000Z",
    ...overrides,
  };
}

/** A room as `GET /rooms` lists it. */
export function summary(r: Room, overrides: Partial<RoomSummary> = {}): RoomSummary {
  return {
    ...r,
    role: "member",
    unread_count: 0,
    last_read_seq: r.last_seq,
    last_message: null,
    peer: null,
    online_count: 0,
    peer_online: null,
    mention_count: 0,
    notification_level: "mentions",
    ...overrides,
  };
}

/** A stored message; `created_at` defaults to seq minutes after 12:00 local time on 4 March. */
export function message(
  r: Room,
  seq: number,
  sender: UserRef,
  text = `message ${seq}`,
  overrides: Partial<Message> = {},
): Message {
  return {
    id: idOf(`message:${r.id}:${seq}`),
    room_id: r.id,
    seq,
    sender,
    kind: "text",
    text,
    client_msg_id: idOf(`client:${r.id}:${seq}`),
    created_at: new Date(2025, 2, 4, 12, seq % 60, 0).toISOString(),
    edited_at: null,
    deleted: false,
    reactions: [],
    reply_to: null,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
    ...overrides,
  };
}

/** The fields every event of a room shares, at `seq` and by `actor`. */
function eventBase(roomId: string, seq: number, actor: UserRef) {
  return {
    room_id: roomId,
    seq,
    actor,
    created_at: new Date(2025, 2, 4, 13, 0, seq % 60).toISOString(),
  };
}

/** `message_posted` of `m` (at its own seq); `thread_root` for a thread reply. */
export function posted(m: Message, thread_root: Message | null = null): RoomEvent {
  return {
    type: "message_posted",
    ...eventBase(m.room_id, m.seq, m.sender),
    message: m,
    thread_root,
  };
}

/** `message_edited`, `message_deleted` (with `thread_root`), or a reaction event, at `seq`. */
export function changedEvent(
  type: "message_edited" | "message_deleted",
  m: Message,
  seq: number,
  thread_root: Message | null = null,
): RoomEvent {
  const base = eventBase(m.room_id, seq, m.sender);
  return type === "message_edited"
    ? { type, ...base, message: m }
    : { type, ...base, message: m, thread_root };
}

/** `reaction_added` or `reaction_removed` of `emoji` by `actor`, at `seq`. */
export function reactionEvent(
  type: "reaction_added" | "reaction_removed",
  m: Message,
  seq: number,
  actor: UserRef,
  emoji: string,
): RoomEvent {
  return { type, ...eventBase(m.room_id, seq, actor), emoji, message: m };
}

/** A membership event of `u` in `r` at `r.last_seq`. */
export function memberEvent(
  type: "member_joined" | "member_added" | "member_left",
  r: Room,
  u: UserRef,
): RoomEvent {
  return { type, ...eventBase(r.id, r.last_seq, u), user: u, room: r };
}

/** An `event` frame. */
export function eventFrame(event: RoomEvent): ServerFrame {
  return { type: "event", event };
}

/** Connected, as most tests want. */
export const CONNECTED: ConnectionStatus = { state: "connected" };

/** The state after applying `actions` to an empty state for `me`. */
export function stateAfter(me: UserRef, ...actions: ChatAction[]): ChatState {
  return actions.reduce(chatReducer, initialChatState(me, CONNECTED));
}
