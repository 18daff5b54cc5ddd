/**
 * The action queue: my edits, deletes and reactions, sent as frames with a `client_event_id`,
 * kept until the server acknowledges or refuses them, sent again after every reconnect (the
 * server applies a repeated `client_event_id` once) and after a `rate_limited` refusal once its
 * `retry_after_ms` has passed. Unlike typed lines (the outbox) they live in memory: an edit or a
 * reaction is made again in a moment, a line of conversation is not.
 *
 * No React here: the chat screen's `useActionQueue` hook is a thin layer over this class.
 *
 * @module
 */
import type { ClientFrameInput, ServerFrame } from "../../shared/mod.ts";
import type { ChatSocket, ChatSocketEvent } from "./chat_socket.ts";
import { type OutboxTimers, RETRY_AFTER_FALLBACK_MS } from "./outbox.ts";

/** An action frame without its idempotency key, which the queue gives it. */
export type MessageAction = DistributiveOmit<
  Extract<ClientFrameInput, { type: "edit" | "delete" | "react" | "unreact" }>,
  "client_event_id"
>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type ActionFrame = Extract<ClientFrameInput, { type: "edit" | "delete" | "react" | "unreact" }>;

/** Options for {@linkcode ActionQueue}. */
export interface ActionQueueOptions {
  socket: ChatSocket;
  timers?: OutboxTimers;
}

/**
 * Actions on messages awaiting the server's answer.
 *
 * @example Reacting
 * ```ts ignore
 * const queue = new ActionQueue({ socket });
 * const id = queue.submit({ type: "react", room_id, message_id, emoji: "🎉" });
 * ```
 */
export class ActionQueue {
  readonly #socket: ChatSocket;
  readonly #timers: OutboxTimers;
  /** client_event_id → the frame, in the order submitted. */
  readonly #pending = new Map<string, ActionFrame>();
  readonly #waiting = new Map<string, unknown>();
  readonly #unsubscribe: () => void;

  constructor(o: ActionQueueOptions) {
    this.#socket = o.socket;
    this.#timers = o.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id as number),
    };
    this.#unsubscribe = this.#socket.subscribe((event) => this.#onSocket(event));
  }

  /** The frames not yet answered, oldest first. */
  get pending(): readonly ActionFrame[] {
    return [...this.#pending.values()];
  }

  /**
   * Sends an action now when connected, otherwise at the next connect.
   *
   * @returns its `client_event_id`, which the server's `ack` or `error` names as `ref`
   */
  submit(action: MessageAction): string {
    const client_event_id = crypto.randomUUID();
    const frame = { ...action, client_event_id } as ActionFrame;
    this.#pending.set(client_event_id, frame);
    this.#socket.send(frame);
    return client_event_id;
  }

  /** Stops listening and cancels retries; unanswered actions are dropped. */
  close(): void {
    this.#unsubscribe();
    for (const timer of this.#waiting.values()) this.#timers.clearTimeout(timer);
    this.#waiting.clear();
  }

  #onSocket(event: ChatSocketEvent): void {
    if (event.type === "status") {
      if (event.status.state !== "connected") return;
      for (const [id, frame] of this.#pending) if (!this.#waiting.has(id)) this.#socket.send(frame);
      return;
    }
    this.#onFrame(event.frame);
  }

  #onFrame(frame: ServerFrame): void {
    if (frame.type !== "ack" && frame.type !== "error") return;
    const ref = frame.ref;
    if (ref === undefined || !this.#pending.has(ref)) return;
    if (frame.type === "error" && frame.code === "rate_limited") {
      this.#retryLater(ref, frame.retry_after_ms ?? RETRY_AFTER_FALLBACK_MS);
      return;
    }
    // Applied, or refused for good (the screen shows why).
    this.#pending.delete(ref);
    const timer = this.#waiting.get(ref);
    if (timer !== undefined) this.#timers.clearTimeout(timer);
    this.#waiting.delete(ref);
  }

  #retryLater(ref: string, ms: number): void {
    const previous = this.#waiting.get(ref);
    if (previous !== undefined) this.#timers.clearTimeout(previous);
    this.#waiting.set(
      ref,
      this.#timers.setTimeout(() => {
        this.#waiting.delete(ref);
        const frame = this.#pending.get(ref);
        // Not connected: the flush at the next connect sends it.
        if (frame) this.#socket.send(frame);
      }, ms),
    );
  }
}
