/**
 * The chat screen's client side without a terminal, for fault tests: the shipped socket, outbox
 * and action queue feed the shipped reducer, wired as `ChatScreen`'s hooks wire them (resume
 * points for every hello, the room list reloaded after a reconnect, the shown room's newest page
 * loaded whenever it is wanted).
 *
 * @module
 */
import type { UserRef } from "../../shared/mod.ts";
import type { ActionQueue, MessageAction } from "../client/action_queue.ts";
import type { ChatSocket } from "../client/chat_socket.ts";
import type { Outbox } from "../client/outbox.ts";
import { type ChatApi, loadHistory, loadRooms } from "../hooks/chat_effects.ts";
import type { ChatAction } from "../state/chat_actions.ts";
import { chatReducer } from "../state/chat_reducer.ts";
import {
  type ChatState,
  currentRoom,
  initialChatState,
  resumePoints,
} from "../state/chat_state.ts";

/** What {@linkcode HeadlessScreen} runs on. */
export interface HeadlessScreenOptions {
  api: ChatApi;
  socket: ChatSocket;
  outbox: Outbox;
  actions: ActionQueue;
  me: UserRef;
  /** The room to show. */
  room: string;
}

/** A chat screen's state, kept by the shipped reducer from the shipped client. */
export class HeadlessScreen {
  state: ChatState;
  readonly #o: HeadlessScreenOptions;
  readonly #unsubscribe: () => void;
  #connectedBefore = false;

  constructor(o: HeadlessScreenOptions) {
    this.#o = o;
    this.state = initialChatState(o.me, o.socket.status);
    o.socket.resumeFrom(() => resumePoints(this.state));
    this.#unsubscribe = o.socket.subscribe((event) => {
      if (event.type === "frame") {
        this.dispatch({ type: "frame_received", frame: event.frame, at: Date.now() });
        return;
      }
      this.dispatch({ type: "status_changed", status: event.status });
      if (event.status.state !== "connected") return;
      if (this.#connectedBefore) void loadRooms(o.api, (a) => this.dispatch(a));
      this.#connectedBefore = true;
    });
    void loadRooms(o.api, (a) => this.dispatch(a), o.room);
  }

  /** Applies an action, then loads the newest page when the room shown wants it. */
  dispatch(action: ChatAction): void {
    this.state = chatReducer(this.state, action);
    const entry = currentRoom(this.state);
    if (entry?.history === "none") {
      void loadHistory(
        this.#o.api,
        (a) => this.dispatch(a),
        entry,
        "latest",
      );
    }
  }

  /** Sends a line as the input line does: saved by the outbox, then listed as pending. */
  say(text: string): void {
    const entry = currentRoom(this.state);
    if (!entry) throw new Error("no room shown");
    const saved = this.#o.outbox.submit({ room_id: entry.room.id, text, kind: "text" });
    this.dispatch({
      type: "message_submitted",
      room_id: saved.room_id,
      client_msg_id: saved.client_msg_id,
      text,
      kind: "text",
      at: Date.now(),
    });
  }

  /** Edits, deletes or reacts as the message actions do. */
  act(action: MessageAction): void {
    const client_event_id = this.#o.actions.submit(action);
    const { type, room_id, message_id } = action;
    this.dispatch({
      type: "action_submitted",
      client_event_id,
      action: { type, room_id, message_id },
    });
  }

  close(): void {
    this.#unsubscribe();
  }
}
