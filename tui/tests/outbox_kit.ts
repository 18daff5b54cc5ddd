/**
 * What the outbox tests share: a user and a room, a socket and store to drive, timers that fire
 * when the test says so, and the frames the server answers a line with.
 *
 * @module
 */
import { Outbox, type OutboxTimers } from "../client/outbox.ts";
import { MemoryOutboxStore } from "../client/outbox_file.ts";
import { FakeChatSocket } from "./fake_chat_socket.ts";
import { idOf, room, user } from "./fixtures.ts";

/** The outbox's user. */
export const alice = user("alice");
/** The room lines go to. */
export const general = room("general");
/** A status in which nothing can be sent. */
export const OFFLINE = { state: "reconnecting", attempt: 1, retryInMs: 1_000, retryAt: 0 } as const;

/** Timers that fire only when the test says so. */
export class ManualTimers implements OutboxTimers {
  /** The timers set and not cleared, by id. */
  readonly due = new Map<unknown, { fn: () => void; ms: number }>();
  #next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    this.due.set(this.#next, { fn, ms });
    return this.#next++;
  }
  clearTimeout(id: unknown): void {
    this.due.delete(id);
  }
  /** Fires every timer set so far. */
  fireAll(): void {
    const due = [...this.due.values()];
    this.due.clear();
    for (const { fn } of due) fn();
  }
}

/** An outbox of alice's on a fake socket (connected unless told), in memory, on manual timers. */
export function setup(status: FakeChatSocket["status"] = { state: "connected" }) {
  const socket = new FakeChatSocket(status);
  const store = new MemoryOutboxStore();
  const timers = new ManualTimers();
  const outbox = new Outbox({ socket, store, userId: alice.id, timers });
  return { socket, store, timers, outbox };
}

/** A text line for #general. */
export const line = (text: string) => ({ room_id: general.id, text, kind: "text" as const });

/** The server's `ack` of a line. */
export const ack = (clientMsgId: string, seq: number) => ({
  type: "ack" as const,
  room_id: general.id,
  ref: clientMsgId,
  message_id: idOf(`m${seq}`),
  seq,
});

/** The server's `rate_limited` refusal of a line, with or without `retry_after_ms`. */
export const rateLimited = (ref: string, retryAfterMs?: number) => ({
  type: "error" as const,
  code: "rate_limited" as const,
  message: "Too many messages",
  ref,
  ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }),
});
