/**
 * The chat screen's state: every room I belong to with its loaded messages, my unacknowledged
 * messages, unread counts, typing users and scroll position; the connection status; the room
 * shown. Changed only by {@linkcode chatReducer} in `chat_reducer.ts`.
 *
 * @module
 */
import type { Message, MessageKind, NotificationLevel, Room, UserRef } from "../../shared/mod.ts";
import type { ConnectionStatus } from "../client/chat_socket.ts";

/** One of my messages sent but not yet acknowledged by the server. */
export interface PendingMessage {
  room_id: string;
  client_msg_id: string;
  kind: MessageKind;
  text: string;
  /** When I sent it, ISO 8601; shown until the ack gives the message its place. */
  created_at: string;
  /** Why the server refused it, once it has. */
  error: string | null;
  /** Rate limited: sent again at this time (epoch ms) by the outbox. */
  retryAt?: number | undefined;
  /** The id of the message it answers, if any. */
  reply_to?: string | undefined;
  /** The root of the thread it is posted in; listed there, not in the timeline. */
  thread_root_id?: string | undefined;
}

/**
 * What Enter does with the input line when not sending a plain message: set from the selection
 * mode (e, r, +, d) or a command. `delete` waits for `y` to confirm.
 */
export type Compose =
  | { type: "edit"; message: Message }
  | { type: "reply"; message: Message }
  | { type: "react"; message: Message }
  | { type: "delete"; message: Message };

/** An edit, delete or reaction sent as a frame and not yet acknowledged. */
export interface PendingAction {
  type: "edit" | "delete" | "react" | "unreact";
  room_id: string;
  message_id: string;
}

/** A row source of the message list: a stored message or one of mine awaiting its ack. */
export type ListedMessage = Message | PendingMessage;

/**
 * Where the message list is scrolled to, anchored to a message so that messages arriving below
 * or history loaded above do not move what is on screen.
 */
export interface ScrollPosition {
  /** `seq` of the message whose rows reach the bottom of the viewport. */
  seq: number;
  /** How many of that message's rows are below the viewport. */
  skip: number;
}

/** Whether older history is to be fetched for a room (set when scrolling reaches the top). */
export type OlderHistory = "idle" | "wanted" | "loading";

/**
 * A scroll up that stopped at the first message held while older history was still on the
 * server: once the older page is in, the view moves on to where the whole scroll would have gone.
 */
export interface OwedScroll {
  /** Where the scroll started. */
  from: ScrollPosition | null;
  /** Rows asked for, from `from`. */
  rows: number;
  /** The list's size when asked. */
  viewport: { width: number; height: number };
}

/** A room as the screen knows it. */
export interface RoomEntry {
  room: Room;
  /** The other user of a direct room, once known. */
  peer: UserRef | null;
  unread: number;
  /** An unread message @mentions me. */
  mentioned: boolean;
  /** Unread mentions of me (the server's `mention_count`, then counted live). */
  mentionCount: number;
  /** My notification level here (`none`: muted, dimmed, no badge, no bell). */
  notificationLevel: NotificationLevel;
  /**
   * Highest `seq` I told the server I have read (or the server told me). 0 for a room just
   * joined, so that the first look at it is reported.
   */
  lastReadSeq: number;
  /**
   * The room's stream position: every event up to this seq is reflected in what is held, so a
   * reconnect resumes from here (`hello.resume`). Starts at the room's `last_seq` when the room
   * is first known and moves only with events of the stream, which are gapless.
   */
  syncedSeq: number;
  /**
   * The unread count `welcome` gave, waiting for the room's `synced`: the replay in between
   * repeats messages that count already included.
   */
  unreadAtWelcome: number | null;
  /** Stored messages held, ascending by `seq`, unique by `id`. */
  messages: readonly Message[];
  /** My unacknowledged messages, in the order sent. */
  pending: readonly PendingMessage[];
  /**
   * `none` until the newest page was requested; live messages are only kept after that. `failed`
   * waits for the room to be shown again or the connection to come back before a retry.
   */
  history: "none" | "loading" | "loaded" | "failed";
  /** The server has messages older than the first one held. */
  hasOlder: boolean;
  older: OlderHistory;
  /**
   * The server has messages newer than the last one held, dropped from the window (see
   * `held_window.ts`): live messages are then counted, not held, until the list is back there.
   */
  hasNewer: boolean;
  newer: OlderHistory;
  /** A page up still to finish once older history is loaded. */
  owedScroll: OwedScroll | null;
  /** Members, fetched when the room is first shown (for the header, /who and Tab). */
  members: readonly UserRef[] | null;
  /** Users typing now: user id → who and until when (epoch ms). */
  typing: Readonly<Record<string, { username: string; until: number }>>;
  /** null: following the newest message. */
  scroll: ScrollPosition | null;
}

/**
 * An open thread: its root and the replies held, shown in place of the room's timeline with its
 * own input line. Replies are not part of the room's `messages`.
 */
export interface ThreadView {
  room_id: string;
  /** The root in its current state (reply count, reactions, edits). */
  root: Message;
  /** Replies held, ascending by `seq`, unique by `id`. */
  messages: readonly Message[];
  /** `loading` until the thread's first page is in. */
  history: "loading" | "loaded" | "failed";
  /** The server has replies older than the first one held. */
  hasOlder: boolean;
}

/** A line of feedback under the messages: command output or an error. */
export interface Notice {
  level: "info" | "error";
  lines: readonly string[];
  /** `unsent`: the warning of a refused quit, which goes away once nothing is unsent. */
  tag?: "unsent";
}

/** Everything the chat screen shows. */
export interface ChatState {
  me: UserRef;
  status: ConnectionStatus;
  rooms: Readonly<Record<string, RoomEntry>>;
  currentRoomId: string | null;
  /** The thread shown over its room, if any. */
  thread: ThreadView | null;
  /** The message selected in the list shown (selection mode), by id. */
  selected: string | null;
  compose: Compose | null;
  /** My edits, deletes and reactions awaiting their ack, by `client_event_id`. */
  actions: Readonly<Record<string, PendingAction>>;
  notice: Notice | null;
  /** Ids of the users known to be online (members loaded, direct peers, `presence` frames). */
  online: ReadonlySet<string>;
  /** The room list has been loaded at least once. */
  roomsLoaded: boolean;
  /** Names of public rooms I may join, once asked for (Tab after `/join`). */
  publicRooms: readonly string[];
  /** When a quit was refused for unsent messages (epoch ms); a second quit soon after goes. */
  quitArmedAt: number | null;
  /** The user asked to quit and nothing holds it back: the screen closes. */
  quitting: boolean;
}

/**
 * The state before anything is loaded.
 *
 * @param me the logged-in user
 * @param status the socket's status at start
 * @returns an empty state
 */
export function initialChatState(me: UserRef, status: ConnectionStatus): ChatState {
  return {
    me: { id: me.id, username: me.username },
    status,
    rooms: {},
    currentRoomId: null,
    thread: null,
    selected: null,
    compose: null,
    actions: {},
    notice: null,
    online: new Set(),
    roomsLoaded: false,
    publicRooms: [],
    quitArmedAt: null,
    quitting: false,
  };
}

/**
 * A room entry with nothing loaded yet.
 *
 * @param room the room
 * @returns an entry with no messages and no unread count
 */
export function newRoomEntry(room: Room): RoomEntry {
  return {
    room,
    peer: null,
    unread: 0,
    mentioned: false,
    mentionCount: 0,
    // The server's defaults, until the room list says otherwise.
    notificationLevel: room.kind === "direct" ? "all" : "mentions",
    // Not room.last_seq: a room joined during the session would then never be marked read.
    lastReadSeq: 0,
    syncedSeq: room.last_seq,
    unreadAtWelcome: null,
    messages: [],
    pending: [],
    history: "none",
    hasOlder: false,
    older: "idle",
    hasNewer: false,
    newer: "idle",
    owedScroll: null,
    members: null,
    typing: {},
    scroll: null,
  };
}

/** Whether a listed message is still waiting for its ack. */
export function isPending(message: ListedMessage): message is PendingMessage {
  return !("seq" in message);
}

/** The `seq` of the newest stored message held in a room, 0 when none. */
export function newestSeq(entry: RoomEntry): number {
  return entry.messages.at(-1)?.seq ?? 0;
}

/**
 * What a reconnect resumes: each room's stream position (see `RoomEntry.syncedSeq`).
 *
 * @returns room id → the last seq held, for `hello.resume`
 */
export function resumePoints(state: ChatState): Record<string, number> {
  return Object.fromEntries(Object.values(state.rooms).map((e) => [e.room.id, e.syncedSeq]));
}

/**
 * A room whose held messages may miss events (a truncated replay, a gap in the stream): what is
 * held goes, and the newest page is loaded again when the room is shown.
 */
export function withHistoryReloaded(entry: RoomEntry): RoomEntry {
  if (entry.history === "none") return entry;
  return {
    ...entry,
    history: "none",
    messages: [],
    hasOlder: false,
    older: "idle",
    hasNewer: false,
    newer: "idle",
    owedScroll: null,
    scroll: null,
  };
}

/**
 * The room shown as its message list lists it: the timeline without my pending thread replies,
 * or, while a thread of the room is open, the thread (its root first, then its replies).
 */
export function shownList(state: ChatState): RoomEntry | undefined {
  const entry = currentRoom(state);
  if (!entry) return undefined;
  const thread = state.thread;
  if (thread?.room_id === entry.room.id) {
    return {
      ...entry,
      messages: [thread.root, ...thread.messages],
      pending: entry.pending.filter((p) => p.thread_root_id === thread.root.id),
      history: thread.history === "loading" ? "loading" : "loaded",
      hasOlder: false,
      hasNewer: false,
      scroll: null,
    };
  }
  if (!entry.pending.some((p) => p.thread_root_id)) return entry;
  return { ...entry, pending: entry.pending.filter((p) => !p.thread_root_id) };
}

/** The state with the open thread, when it is in `roomId`, loaded again. */
export function withThreadReloaded(state: ChatState, roomId: string): ChatState {
  const thread = state.thread;
  if (thread?.room_id !== roomId) return state;
  return { ...state, thread: { ...thread, messages: [], history: "loading" } };
}

/** The room shown, if any. */
export function currentRoom(state: ChatState): RoomEntry | undefined {
  return state.currentRoomId === null ? undefined : state.rooms[state.currentRoomId];
}

/** My messages not yet acknowledged (and not refused): quitting now would lose them. */
export function unsentCount(state: ChatState): number {
  let n = 0;
  for (const entry of Object.values(state.rooms)) {
    for (const p of entry.pending) if (p.error === null) n++;
  }
  return n;
}

/** `online` with `userId` marked online or offline. */
export function withOnline(online: ReadonlySet<string>, userId: string, isOnline: boolean) {
  if (online.has(userId) === isOnline) return online;
  const next = new Set(online);
  if (isOnline) next.add(userId);
  else next.delete(userId);
  return next;
}
