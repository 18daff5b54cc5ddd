/**
 * A chat client for fault tests that keeps the promises a real client makes and checks the ones
 * the server makes. It follows one room:
 * - it reconnects after every close, with `resume: {room: last seq held}`, and pages the room's
 *   events (`GET /rooms/:id/events`) when `synced` says the replay was truncated;
 * - it keeps an outbox: messages and actions (edit, delete, react, unreact) stay in it until
 *   acknowledged and are re-sent after each reconnect with the same `client_msg_id` or
 *   `client_event_id`, at most `window` unacknowledged at a time;
 * - it applies every event of the room it is given (a posted message joins its view, a changed
 *   one replaces the one it holds) and notes as an anomaly any seq that is not exactly the one
 *   after the last it holds (a gap, a duplicate or a reordering).
 *
 * @module
 */
import {
  applyMessageChanges,
  type Message,
  type RoomEvent,
  ServerFrame,
} from "../../shared/mod.ts";
import { allEvents } from "./test_client.ts";
import { within } from "./within.ts";

/** Options for {@linkcode ResilientClient}. */
export interface ResilientClientOptions {
  /** `http://host:port`, for event pages. */
  baseUrl: string;
  /**
   * `ws://host:port/api/v1/ws`, or a function asked on every (re)connect, as a load balancer
   * would pick a live instance.
   */
  wsUrl: string | (() => string);
  token: string;
  roomId: string;
  /** Most sends awaiting their ack at once; default 10. */
  window?: number;
  /** Pause before reconnecting, in ms; default 100. */
  retryMs?: number;
  /** The client already holds the room's events up to this seq (not in its view); default 0. */
  fromSeq?: number;
}

/** An action on a message, as {@linkcode ResilientClient.act} takes it. */
export type MessageActionFrame =
  | { type: "edit"; message_id: string; text: string }
  | { type: "delete"; message_id: string }
  | { type: "react" | "unreact"; message_id: string; emoji: string };

interface Pending {
  /** The frame's `client_msg_id` or `client_event_id`. */
  key: string;
  frame: Record<string, unknown>;
  sent: boolean;
}

/**
 * A self-healing client of one room.
 *
 * @example Usage
 * ```ts ignore
 * const client = new ResilientClient({ baseUrl, wsUrl, token, roomId });
 * client.start();
 * client.send("hello");
 * await client.until(() => client.outboxSize === 0, "the send is acknowledged");
 * await client.stop();
 * ```
 */
export class ResilientClient {
  /**
   * The room's messages (timeline and thread replies) as this client holds them, in the order
   * they were posted, each in the state the events it got leave it in.
   */
  view: Message[] = [];
  /** The seq of every event applied, in order. */
  readonly seqs: number[] = [];
  /** The ack of each acknowledged `client_msg_id` or `client_event_id`, as first received. */
  readonly acks: Map<string, Extract<ServerFrame, { type: "ack" }>> = new Map();
  /** Every `client_msg_id` given to {@linkcode send}, in order. */
  readonly sent: string[] = [];
  /** Close codes of this client's connections, in order. */
  readonly closeCodes: number[] = [];
  /** Messages of the socket errors seen (a failed connection attempt is one). */
  readonly socketErrors: string[] = [];
  /** Broken promises: seq gaps, duplicates, unexpected error frames. Empty when all is well. */
  readonly anomalies: string[] = [];
  /** Connections that reached `synced`. */
  connections = 0;

  readonly #opts: Required<ResilientClientOptions>;
  readonly #outbox: Pending[] = [];
  readonly #waiters = new Set<() => void>();
  #socket: WebSocket | null = null;
  #synced = false;
  #replayed: RoomEvent[] = [];
  #stopped = true;
  #closed: Promise<void> = Promise.resolve();
  /** Frames are handled strictly in arrival order, also while a history page is loading. */
  #handling: Promise<void> = Promise.resolve();

  constructor(options: ResilientClientOptions) {
    this.#opts = { window: 10, retryMs: 100, fromSeq: 0, ...options };
  }

  /** Highest seq held: the events `fromSeq + 1..lastSeq` when there is no anomaly. */
  get lastSeq(): number {
    return this.seqs.at(-1) ?? this.#opts.fromSeq;
  }

  /** Messages and actions not yet acknowledged. */
  get outboxSize(): number {
    return this.#outbox.length;
  }

  /** Starts connecting, and reconnecting after every close until {@linkcode stop}. */
  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  /**
   * Queues a message (a reply in a thread with `threadRootId`); it is sent as soon as the
   * connection and the window allow.
   */
  send(text: string, threadRootId?: string): string {
    const clientMsgId = crypto.randomUUID();
    this.sent.push(clientMsgId);
    const frame = {
      type: "send",
      client_msg_id: clientMsgId,
      text,
      ...(threadRootId ? { thread_root_id: threadRootId } : {}),
    };
    this.#outbox.push({ key: clientMsgId, frame, sent: false });
    this.#pump();
    return clientMsgId;
  }

  /** Queues an action on a message, after what is queued already; returns its key. */
  act(action: MessageActionFrame): string {
    const key = crypto.randomUUID();
    this.#outbox.push({ key, frame: { ...action, client_event_id: key }, sent: false });
    this.#pump();
    return key;
  }

  /** Resolves once `condition` holds, checked after every frame and close. */
  until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        clearInterval(poll);
        this.#waiters.delete(check);
        resolve();
      };
      // The condition may depend on another client's state, which none of this client's frames
      // announce, so it is also checked on a timer.
      const poll = setInterval(check, 50);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.#waiters.delete(check);
        reject(new Error(`Timed out waiting until ${what}: ${this.describe()}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  /** A one-line state summary for failure messages. */
  describe(): string {
    return `last seq ${this.lastSeq}, outbox ${this.#outbox.length}, acks ${this.acks.size}, ` +
      `connections ${this.connections}, closes [${this.closeCodes}], ` +
      `errors ${JSON.stringify(this.socketErrors.slice(0, 3))}, anomalies ${
        JSON.stringify(this.anomalies.slice(0, 5))
      }`;
  }

  /** Drops the current connection as a network failure would; the client then reconnects. */
  reconnect(): void {
    if (this.#socket && this.#socket.readyState < WebSocket.CLOSING) this.#socket.close(4000);
  }

  /** Stops reconnecting and closes the connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#socket && this.#socket.readyState < WebSocket.CLOSING) this.#socket.close(1000);
    await within(this.#closed, 10_000, "the resilient client's socket to close on stop()");
  }

  #connect(): void {
    const { wsUrl } = this.#opts;
    const socket = this.#socket = new WebSocket(typeof wsUrl === "string" ? wsUrl : wsUrl());
    this.#synced = false;
    this.#replayed = [];
    for (const pending of this.#outbox) pending.sent = false;
    this.#closed = new Promise((resolve) => {
      socket.onclose = (event) => {
        this.closeCodes.push(event.code);
        this.#socket = null;
        this.#wake();
        resolve();
        if (!this.#stopped) setTimeout(() => this.#stopped || this.#connect(), this.#opts.retryMs);
      };
    });
    socket.onerror = (event) => {
      this.socketErrors.push((event as ErrorEvent).message ?? "error");
    };
    socket.onopen = () => {
      const resume = { [this.#opts.roomId]: this.lastSeq };
      socket.send(JSON.stringify({ type: "hello", token: this.#opts.token, resume }));
    };
    socket.onmessage = (event) => {
      const frame = ServerFrame.parse(JSON.parse(event.data));
      this.#handling = this.#handling.then(() => this.#handle(socket, frame)).catch((err) => {
        this.anomalies.push(`handling ${frame.type} failed: ${err}`);
      });
    };
  }

  async #handle(socket: WebSocket, frame: ServerFrame): Promise<void> {
    switch (frame.type) {
      case "event":
        if (frame.event.room_id !== this.#opts.roomId) break;
        if (this.#synced) this.#hold(frame.event);
        else this.#replayed.push(frame.event);
        break;
      case "synced":
        if (frame.room_id !== this.#opts.roomId) break;
        if (frame.truncated) await this.#pageUpTo(this.#replayed[0]?.seq ?? frame.seq + 1);
        for (const event of this.#replayed.splice(0)) this.#hold(event);
        if (socket !== this.#socket) break;
        this.#synced = true;
        this.connections++;
        this.#pump();
        break;
      case "ack": {
        if (!this.acks.has(frame.ref)) this.acks.set(frame.ref, frame);
        const i = this.#outbox.findIndex((p) => p.key === frame.ref);
        if (i >= 0) this.#outbox.splice(i, 1);
        this.#pump();
        break;
      }
      case "error":
        this.anomalies.push(`error frame ${frame.code}: ${frame.message}`);
        break;
    }
    this.#wake();
  }

  /** Pages the room's events forward from the last seq held up to (excluding) `beforeSeq`. */
  async #pageUpTo(beforeSeq: number): Promise<void> {
    const { baseUrl, token, roomId } = this.#opts;
    const events = await allEvents(baseUrl, token, roomId, this.lastSeq);
    const page = events.filter((e) => e.seq < beforeSeq);
    if (page.length === 0 && this.lastSeq + 1 < beforeSeq) {
      throw new Error(`the room has no events after ${this.lastSeq}`);
    }
    for (const event of page) this.#hold(event);
  }

  /** Applies an event, after checking that it is the next seq. */
  #hold(event: RoomEvent): void {
    if (event.seq !== this.lastSeq + 1) {
      this.anomalies.push(`seq ${event.seq} after ${this.lastSeq}`);
      if (event.seq <= this.lastSeq) return;
    }
    this.seqs.push(event.seq);
    if (event.type === "message_posted") this.view.push(event.message);
    const changed = [
      ..."message" in event ? [event.message] : [],
      ..."thread_root" in event && event.thread_root ? [event.thread_root] : [],
    ];
    this.view = applyMessageChanges(this.view, changed);
  }

  /** Sends queued messages in order while connected, synced and within the window. */
  #pump(): void {
    const socket = this.#socket;
    if (!socket || !this.#synced || socket.readyState !== WebSocket.OPEN) return;
    let inFlight = this.#outbox.filter((p) => p.sent).length;
    for (const pending of this.#outbox) {
      if (inFlight >= this.#opts.window) break;
      if (pending.sent) continue;
      pending.sent = true;
      inFlight++;
      socket.send(JSON.stringify({ ...pending.frame, room_id: this.#opts.roomId }));
    }
  }

  #wake(): void {
    for (const check of [...this.#waiters]) check();
  }
}
