/**
 * A WebSocket stand-in and a clock for deterministic tests of the delivery core
 * (`Connection`, `RoomFeed`): the test decides how many bytes the socket holds unsent, whether
 * it is open, and when time passes; nothing waits on real timers or sockets.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import type { Message, RoomEvent } from "../../shared/mod.ts";
import { postedEvent } from "../store/event_store.ts";
import type { Clock, Transport } from "../ws/connection.ts";

/** A socket whose buffered amount and open state the test controls. */
export class FakeTransport implements Transport {
  readyState: number = WebSocket.OPEN;
  /** Bytes the socket holds unsent; every `send` adds its length until the test drains it. */
  bufferedAmount = 0;
  /** Frames written, in order. */
  readonly sent: string[] = [];
  /** The close code and reason, once closed. */
  closed: { code: number; reason: string } | null = null;

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    const text = String(data);
    this.sent.push(text);
    this.bufferedAmount += text.length;
  }

  close(code = 1000, reason = ""): void {
    this.readyState = WebSocket.CLOSED;
    this.closed = { code, reason };
  }

  addEventListener(): void {}

  /** The `seq` of each `event` frame written, in order. */
  seqs(): number[] {
    return this.sent.flatMap((data) => {
      const frame = JSON.parse(data);
      return frame.type === "event" ? [frame.event.seq as number] : [];
    });
  }
}

/** A clock that only moves when the test advances it. */
export class FakeClock implements Clock {
  #now = 0;
  #timers: { due: number; resolve: () => void }[] = [];

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#timers.push({ due: this.#now + ms, resolve }));
  }

  /**
   * Moves time forward by `ms`, firing each timer that falls due in order and letting the code
   * it wakes run (and set new timers) before moving on.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    while (true) {
      this.#timers.sort((a, b) => a.due - b.due);
      const next = this.#timers[0];
      if (!next || next.due > target) break;
      this.#timers.shift();
      this.#now = next.due;
      next.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/**
 * Lets every promise callback queued so far run (a macrotask turn, not a wait on time). An
 * immediate, not `setTimeout(0)`: nested timers are clamped to 4 ms, and a fake clock advanced
 * by 10 s over a 5 ms poll settles 2,000 times.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A stored message of `roomId` at `seq`, for feeding the delivery core. */
export function storedMessage(roomId: string, seq: number, text = `message ${seq}`): Message {
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`;
  return {
    id,
    room_id: roomId,
    seq,
    sender: { id: "00000000-0000-4000-8000-000000000001", username: "alice" },
    kind: "text",
    text,
    client_msg_id: id,
    created_at: new Date(0).toISOString(),
    edited_at: null,
    deleted: false,
    reactions: [],
    reply_to: null,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
  };
}

/** An event serialised as the server writes it to a socket. */
export function eventFrame(event: RoomEvent): string {
  return JSON.stringify({ type: "event", event });
}

/**
 * An event of `roomId` at `seq`, for feeding the delivery core: a posted message, or an edit of
 * the message posted at seq 1 (so a stream mixes event types, as a real room's does).
 */
export function storedEvent(
  roomId: string,
  seq: number,
  type: "message_posted" | "message_edited" = "message_posted",
): RoomEvent {
  if (type === "message_posted") return postedEvent(storedMessage(roomId, seq), null);
  const message = {
    ...storedMessage(roomId, 1, `edit ${seq}`),
    edited_at: new Date(0).toISOString(),
  };
  return {
    type,
    room_id: roomId,
    seq,
    actor: message.sender,
    message,
    created_at: message.created_at,
  };
}
