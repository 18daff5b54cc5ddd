/**
 * Everything that can change the chat screen's state, as a tagged union. Actions carry the time
 * (`at`, epoch ms) when the reducer needs it, so the reducer stays pure.
 *
 * @module
 */
import type {
  Message,
  MessageKind,
  Room,
  RoomSummary,
  ServerFrame,
  UserRef,
} from "../../shared/mod.ts";
import type { ConnectionStatus } from "../client/chat_socket.ts";
import type { Compose, Notice, PendingAction } from "./chat_state.ts";
import type { Viewport } from "./viewport.ts";

/** Which way a history page goes: the newest page, older than held, or newer than held. */
export type HistoryDirection = "latest" | "older" | "newer";

/** A line saved by the outbox in an earlier session. */
export interface RestoredMessage {
  room_id: string;
  client_msg_id: string;
  text: string;
  kind: MessageKind;
  created_at: string;
}

/** An action of {@linkcode chatReducer}. */
export type ChatAction =
  | { type: "status_changed"; status: ConnectionStatus }
  | { type: "frame_received"; frame: ServerFrame; at: number }
  /** `GET /rooms`: the complete list of my rooms; `select` (id or name) is shown if listed. */
  | { type: "rooms_loaded"; rooms: readonly RoomSummary[]; select?: string }
  /** A room I joined, created or opened through the API (its frame may come later or never). */
  | { type: "room_added"; room: Room; select: boolean }
  | { type: "room_removed"; room_id: string }
  /** `GET /rooms?scope=public`: the names of the public rooms I may join. */
  | { type: "public_rooms_loaded"; names: readonly string[] }
  /** Show a room, by id or by name. */
  | { type: "room_selected"; room: string }
  | { type: "room_cycled"; delta: 1 | -1 }
  /** Show the next room with unread messages, mentions first. */
  | { type: "unread_room_selected" }
  | { type: "history_requested"; room_id: string; direction: HistoryDirection }
  | {
    type: "history_loaded";
    room_id: string;
    messages: readonly Message[];
    has_more: boolean;
    direction: HistoryDirection;
  }
  | { type: "history_failed"; room_id: string; direction: HistoryDirection; error: string }
  /** A page centred on `seq` (a search hit or mention opened): it becomes the held window. */
  | { type: "history_around_loaded"; room_id: string; messages: readonly Message[]; seq: number }
  /** `online` lists the ids of the members who were online when loaded. */
  | {
    type: "members_loaded";
    room_id: string;
    members: readonly UserRef[];
    online: readonly string[];
  }
  /** I sent a message: listed as pending until its ack. */
  | {
    type: "message_submitted";
    room_id: string;
    client_msg_id: string;
    text: string;
    kind: MessageKind;
    at: number;
    reply_to?: string;
    thread_root_id?: string;
  }
  /** A `read` frame up to `seq` was sent. */
  | { type: "read_marked"; room_id: string; seq: number }
  | { type: "scrolled"; direction: "up" | "down"; viewport: Viewport }
  | { type: "scrolled_to_newest" }
  /** Drops typing indicators older than 5 s. */
  | { type: "typing_expired"; at: number }
  | { type: "notice_shown"; notice: Notice }
  /** The outbox sent these rate-limited messages again. */
  | { type: "pending_resent"; client_msg_ids: readonly string[] }
  /** Lines the outbox kept from an earlier session (sent again, shown pending until stored). */
  | { type: "pending_restored"; messages: readonly RestoredMessage[] }
  /** `/discard`: my unsent messages in a room were dropped from the outbox. */
  | { type: "pending_discarded"; room_id: string }
  /** Ctrl+C or /quit: quits, unless messages are unsent and this is the first ask. */
  | { type: "quit_requested"; at: number }
  | { type: "notice_dismissed" }
  /** Selection mode: the newest message of the list shown is selected. */
  | { type: "selection_started"; viewport: Viewport }
  /** ↑/k (-1) or ↓/j (+1); past the newest message the selection ends. */
  | { type: "selection_moved"; delta: 1 | -1; viewport: Viewport }
  | { type: "selection_ended" }
  /** The input line now edits, answers, reacts to or asks to delete a message. */
  | { type: "compose_started"; compose: Compose }
  | { type: "compose_ended" }
  /** The thread of `root` is shown over its room, its replies loading. */
  | { type: "thread_opened"; root: Message }
  | { type: "thread_loaded"; root_id: string; messages: readonly Message[]; has_more: boolean }
  | { type: "thread_failed"; root_id: string; error: string }
  | { type: "thread_closed" }
  /** An edit, delete or reaction frame was handed to the action queue. */
  | { type: "action_submitted"; client_event_id: string; action: PendingAction };

/** An action of a given type. */
export type ChatActionOf<T extends ChatAction["type"]> = Extract<ChatAction, { type: T }>;

/** How long after a refused quit a second quit goes through, in ms. */
export const QUIT_CONFIRM_MS = 5_000;

/** How long a `typing` event keeps its indicator on screen. */
export const TYPING_TIMEOUT_MS = 5_000;
