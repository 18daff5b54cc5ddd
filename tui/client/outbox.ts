/**
 * The outbox: every line typed is saved to disk before it is shown as pending, sent when the
 * connection is up, sent again after every reconnect until the server stores it, and sent again
 * by itself after a `rate_limited` refusal once the server's `retry_after_ms` has passed. The
 * lines survive quitting and crashes: the next screen on the same server and user sends them,
 * with the same `client_msg_id`, so the server stores each once however often it is sent.
 *
 * No React here: the chat screen's `useOutbox` hook is a thin layer over this class.
 *
 * @module
 */
import type { Message, MessageKind, ServerFrame } from "../../shared/mod.ts";
import type { ChatSocket, ChatSocketEvent } from "./chat_socket.ts";
import type { OutboxEntry, OutboxStore } from "./outbox_file.ts";

/** Wait before resending a `rate_limited` line when the server gave no `retry_after_ms`. */
export const RETRY_AFTER_FALLBACK_MS = 10_000;

/** What an {@linkcode Outbox} reports. */
export type OutboxEvent =
  /** Rate-limited lines went out again. */
  { type: "resent"; client_msg_ids: readonly string[] };

/** Timer functions; tests pass fake ones. A timer's id is whatever `setTimeout` returned. */
export interface OutboxTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Options for {@linkcode Outbox}. */
export interface OutboxOptions {
  socket: ChatSocket;
  store: OutboxStore;
  /** My user id: a message of mine posted on the stream settles its line when the ack was lost. */
  userId: string;
  /** The clock, epoch ms; default `Date.now`. */
  now?: () => number;
  timers?: OutboxTimers;
}

/** A line to send. */
export interface OutboxLine {
  room_id: string;
  text: string;
  kind: MessageKind;
  /** The id of the message it answers. */
  reply_to?: string;
  /** The root of the thread it is posted in. */
  thread_root_id?: string;
}

/**
 * Unsent lines of one user on one server.
 *
 * @example Sending a line that survives a crash
 * ```ts ignore
 * const outbox = new Outbox({ socket, store: new FileOutboxStore(path), userId: me.id });
 * const entry = outbox.submit({ room_id, text: "hello", kind: "text" }); // on disk, then sent
 * ```
 */
export class Outbox {
  readonly #socket: ChatSocket;
  readonly #store: OutboxStore;
  readonly #userId: string;
  readonly #now: () => number;
  readonly #timers: OutboxTimers;
  #entries: OutboxEntry[];
  /** Rate-limited lines: client_msg_id → the timer that sends them again. */
  readonly #waiting = new Map<string, unknown>();
  readonly #listeners = new Set<(event: OutboxEvent) => void>();
  readonly #unsubscribe: () => void;

  /** Loads the saved lines and starts sending them as soon as the socket is connected. */
  constructor(o: OutboxOptions) {
    this.#socket = o.socket;
    this.#store = o.store;
    this.#userId = o.userId;
    this.#now = o.now ?? Date.now;
    this.#timers = o.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id as number),
    };
    this.#entries = this.#store.load();
    this.#unsubscribe = this.#socket.subscribe((event) => this.#onSocket(event));
    if (this.#socket.status.state === "connected") this.#flush();
  }

  /** The unsent lines, oldest first. */
  get pending(): readonly OutboxEntry[] {
    return this.#entries;
  }

  /**
   * Saves a line and sends it when connected (otherwise on reconnect).
   *
   * @returns the saved line, with its new idempotency key
   * @throws {Error} when the line cannot be saved; it is then neither kept nor sent
   */
  submit(line: OutboxLine): OutboxEntry {
    const entry: OutboxEntry = {
      ...line,
      client_msg_id: crypto.randomUUID(),
      created_at: new Date(this.#now()).toISOString(),
    };
    this.#store.update((saved) => [...saved, entry]);
    this.#entries = [...this.#entries, entry];
    this.#send(entry);
    return entry;
  }

  /**
   * Drops the unsent lines of a room, for good.
   *
   * @returns the lines dropped
   */
  discard(roomId: string): OutboxEntry[] {
    const dropped = this.#entries.filter((e) => e.room_id === roomId);
    for (const e of dropped) this.#settle(e.client_msg_id);
    return dropped;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops listening to the socket and cancels retries; the saved lines stay on disk. */
  close(): void {
    this.#unsubscribe();
    for (const timer of this.#waiting.values()) this.#timers.clearTimeout(timer);
    this.#waiting.clear();
    this.#listeners.clear();
  }

  #onSocket(event: ChatSocketEvent): void {
    if (event.type === "status") {
      if (event.status.state === "connected") this.#flush();
      return;
    }
    this.#onFrame(event.frame);
  }

  #onFrame(frame: ServerFrame): void {
    const stored = storedMessageOf(frame);
    if (frame.type === "ack") this.#settle(frame.ref);
    else if (stored && stored.sender.id === this.#userId) this.#settle(stored.client_msg_id);
    else if (frame.type === "error" && frame.ref !== undefined) {
      if (!this.#entries.some((e) => e.client_msg_id === frame.ref)) return;
      if (frame.code === "rate_limited") {
        this.#retryLater(frame.ref, frame.retry_after_ms ?? RETRY_AFTER_FALLBACK_MS);
      } else {
        // Refused for good (not a member any more, too long…): the screen shows why.
        this.#settle(frame.ref);
      }
    }
  }

  /** Sends every line not waiting out a rate limit: at connect and after each reconnect. */
  #flush(): void {
    for (const entry of this.#entries) {
      if (!this.#waiting.has(entry.client_msg_id)) this.#send(entry);
    }
  }

  #send({ room_id, client_msg_id, text, kind, reply_to, thread_root_id }: OutboxEntry): boolean {
    return this.#socket.send({
      type: "send",
      room_id,
      client_msg_id,
      text,
      kind,
      ...(reply_to === undefined ? {} : { reply_to }),
      ...(thread_root_id === undefined ? {} : { thread_root_id }),
    });
  }

  #retryLater(clientMsgId: string, ms: number): void {
    const previous = this.#waiting.get(clientMsgId);
    if (previous !== undefined) this.#timers.clearTimeout(previous);
    const timer = this.#timers.setTimeout(() => {
      this.#waiting.delete(clientMsgId);
      const entry = this.#entries.find((e) => e.client_msg_id === clientMsgId);
      // Not connected: the flush after the reconnect sends it.
      if (!entry || !this.#send(entry)) return;
      this.#emit({ type: "resent", client_msg_ids: [clientMsgId] });
    }, ms);
    this.#waiting.set(clientMsgId, timer);
  }

  /** The server has the line (or refused it for good): forget it, on disk too. */
  #settle(clientMsgId: string): void {
    if (!this.#entries.some((e) => e.client_msg_id === clientMsgId)) return;
    const timer = this.#waiting.get(clientMsgId);
    if (timer !== undefined) this.#timers.clearTimeout(timer);
    this.#waiting.delete(clientMsgId);
    this.#entries = this.#entries.filter((e) => e.client_msg_id !== clientMsgId);
    try {
      this.#store.update((saved) => saved.filter((e) => e.client_msg_id !== clientMsgId));
    } catch {
      // Kept on disk: sent again next time, and the server's idempotency stores it once.
    }
  }

  #emit(event: OutboxEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}

/** The message a frame posts: a `message_posted` event. */
function storedMessageOf(frame: ServerFrame): Message | null {
  return frame.type === "event" && frame.event.type === "message_posted"
    ? frame.event.message
    : null;
}
