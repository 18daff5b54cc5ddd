/**
 * The events of one room for the connections of this instance. Room events (each with its seq)
 * can arrive out of seq order (two instances publish concurrently) or not at all (a pub/sub
 * message is lost while Redis restarts); the feed delivers them strictly in seq order and fills
 * any gap from the store, so a lost bus event never becomes a lost edit, delete or message.
 *
 * @module
 */
import type { RoomEvent, ServerFrame } from "../../shared/mod.ts";
import type { Logger } from "../logger.ts";
import type { Connection } from "./connection.ts";

/**
 * How long (ms) a gap may stay open before it is filled from the store. Events of one room
 * published by two instances, or by concurrent appends, often arrive a little out of order and
 * the late one closes the gap by itself; filling at once cost one query per reordering.
 */
export const GAP_FILL_DELAY_MS = 100;

/** Loads the room's events with `afterSeq < seq < beforeSeq`, in ascending seq. */
export type FetchRange = (
  roomId: string,
  afterSeq: number,
  beforeSeq: number,
) => Promise<RoomEvent[]>;

/** Ordered delivery of one room's events. */
export class RoomFeed {
  /** Local connections in this room. */
  readonly connections: Set<Connection> = new Set();
  #seq: number;
  readonly #held = new Map<number, RoomEvent>();
  #filling = false;

  /**
   * @param startSeq the room's newest seq when the feed starts; older events are not delivered
   * live (the clients have them, or replay them through resume)
   * @param delay waits before a gap is filled; tests pass one they end themselves
   */
  constructor(
    readonly roomId: string,
    startSeq: number,
    private readonly fetchRange: FetchRange,
    private readonly logger: Logger,
    private readonly delay: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.#seq = startSeq;
  }

  /** Delivers a frame without seq (typing, `room_deleted`) to all but `excludeUserId`'s. */
  broadcast(frame: ServerFrame, excludeUserId?: string): void {
    const data = JSON.stringify(frame);
    for (const conn of this.connections) {
      if (conn.user?.id !== excludeUserId) conn.deliver(this.roomId, data);
    }
  }

  /** Takes an event from the bus: delivers it in order, holding it if earlier seqs are missing. */
  event(event: RoomEvent): void {
    if (event.seq <= this.#seq) return;
    this.#held.set(event.seq, event);
    this.#drain();
    if (this.#held.size > 0) void this.#fill();
  }

  #drain(): void {
    let next;
    while ((next = this.#held.get(this.#seq + 1))) {
      this.#held.delete(next.seq);
      this.#seq = next.seq;
      // Serialised once per event, whatever the number of recipients.
      const data = JSON.stringify({ type: "event", event: next } satisfies ServerFrame);
      for (const conn of this.connections) conn.deliver(this.roomId, data, next.seq);
    }
  }

  /**
   * Delivers everything stored after the newest seq delivered: after a bus outage, or when the
   * feed's subscription became active after its start seq was read, events may exist that no bus
   * message announced and no later one will reveal as a gap.
   */
  async catchUp(): Promise<void> {
    try {
      let before;
      do {
        before = this.#seq;
        const missing = await this.fetchRange(this.roomId, this.#seq, Number.MAX_SAFE_INTEGER);
        for (const m of missing) if (m.seq > this.#seq) this.#held.set(m.seq, m);
        this.#drain();
      } while (this.#seq > before);
    } catch (err) {
      this.logger.error({ err: String(err), room_id: this.roomId }, "catch-up failed");
    }
  }

  async #fill(): Promise<void> {
    if (this.#filling) return;
    this.#filling = true;
    try {
      await this.delay(GAP_FILL_DELAY_MS);
      while (this.#held.size > 0) {
        const target = Math.min(...this.#held.keys());
        const missing = await this.fetchRange(this.roomId, this.#seq, target);
        for (const m of missing) if (m.seq > this.#seq) this.#held.set(m.seq, m);
        if (!this.#held.has(this.#seq + 1)) {
          // Only a deleted room loses stored events; skip the hole rather than stall.
          this.logger.warn({ room_id: this.roomId, from: this.#seq, to: target }, "gap unfilled");
          this.#seq = target - 1;
        }
        this.#drain();
      }
    } catch (err) {
      this.logger.error({ err: String(err), room_id: this.roomId }, "gap fill failed");
    } finally {
      this.#filling = false;
    }
  }
}
