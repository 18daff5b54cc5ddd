/**
 * One client WebSocket: its user once authenticated, the rooms it receives, and frame output with
 * the delivery rules of the protocol:
 * - each room's events reach the client once, in seq order (`deliver` drops a seq already sent);
 * - while a room is being replayed after `hello` (resume), its live events wait in a buffer and
 *   follow the replay, so nothing is lost or sent twice;
 * - events of an authenticated connection wait until `welcome` is sent;
 * - backpressure: past `maxBufferedBytes` unsent in the socket, frames wait in the connection and
 *   go out as the client reads; a client that reads nothing for 10 s, or lets 4 × the bound wait,
 *   is closed with 4008 (slow consumer) instead of letting server memory grow. A resume replay
 *   waits for the client to read before each event, since it may be larger than all of that.
 *
 * Every `message_posted` event written is counted as a delivered message, and a live one's
 * delivery latency measured; every `error` frame is counted by code.
 *
 * @module
 */
import { CLOSE_CODES, type RoomEvent, type ServerFrame, type User } from "../../shared/mod.ts";
import type { Metrics } from "../metrics/metrics.ts";

/** How long frames wait for a client to read before it is closed as a slow consumer. */
export const DRAIN_TIMEOUT_MS = 10_000;
/**
 * Frames may wait in the server up to this many times the socket bound before the connection is
 * closed as a slow consumer: room for a burst of the largest messages, not for a stalled client.
 */
export const QUEUE_FACTOR = 4;
/** How often waiting frames look at the socket's unsent bytes (Deno has no drain event). */
const DRAIN_POLL_MS = 5;
/** How every `message_posted` event frame begins once serialised. */
const MESSAGE_FRAME_START = '{"type":"event","event":{"type":"message_posted",';
const CREATED_AT_KEY = '"created_at":"';

/** Time as a connection sees it; tests drive a fake one instead of sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The part of a WebSocket a connection uses; tests pass a fake transport. */
export type Transport = Pick<
  WebSocket,
  "readyState" | "bufferedAmount" | "send" | "close" | "addEventListener"
>;

/** A frame waiting for its room's replay to finish; `seq` is set for `event` frames. */
interface Buffered {
  data: string;
  seq: number | undefined;
}

/** A client connection. */
export class Connection {
  /** Unique across instances. */
  readonly id: string = crypto.randomUUID();
  /** Set by a valid `hello`. */
  user: User | null = null;
  /** The session of the `hello`'s access token: revoking it closes this connection with 4401. */
  sessionId: string | null = null;
  /** Rooms whose events this connection receives. */
  readonly rooms: Set<string> = new Set();
  /**
   * Frames are taken one after another, so a client's sends are submitted for storage in its
   * order; a send's `ack` is then awaited beside the queue (see {@linkcode pipeline}).
   */
  queue: Promise<void> = Promise.resolve();
  /** Timestamps (ms) of recent protocol violations. */
  readonly violations: number[] = [];

  readonly #inFlight = new Set<Promise<void>>();
  /** Frames waiting for the socket to drain, in order, from `#head` on; see `#write`. */
  #waiting: { data: string; live: boolean }[] = [];
  #head = 0;
  #waitingBytes = 0;
  readonly #delivered = new Map<string, number>();
  readonly #replaying = new Map<string, Buffered[]>();
  #beforeWelcome: string[] | null = null;

  constructor(
    readonly socket: Transport,
    private readonly maxBufferedBytes: number,
    private readonly metrics: Metrics,
    private readonly clock: Clock = REAL_CLOCK,
  ) {}

  /**
   * Lets `work` (a send being stored, ending with its `ack` or `error` frame) finish beside the
   * frame queue, so the next frame is read without waiting for the database. Resolves once fewer
   * than `max` are in flight: a client that sends faster than its messages are stored stops
   * being read (backpressure) instead of queueing without bound. `work` must not reject.
   */
  async pipeline(work: Promise<void>, max: number): Promise<void> {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    while (this.#inFlight.size >= max) await Promise.race(this.#inFlight);
  }

  /** Resolves once every frame taken so far is handled, pipelined sends included. */
  async settled(): Promise<void> {
    await this.queue;
    await Promise.all(this.#inFlight);
  }

  /** True while frames can be written. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Writes an already serialised frame, or queues it until `welcome`. */
  sendRaw(data: string): void {
    this.#write(data, true);
  }

  /**
   * Writes `data` now, or after the frames already waiting. Frames wait in the server while the
   * socket holds more than `maxBufferedBytes`: a burst (a gap filled from the store, held frames
   * released after a replay) may pass the bound by itself although the client reads. What waits
   * is bounded too: past {@linkcode QUEUE_FACTOR} × `maxBufferedBytes` waiting, or when the
   * client reads nothing for {@linkcode DRAIN_TIMEOUT_MS}, the connection is closed with
   * 4008 (slow consumer).
   *
   * `live` is false for replayed events, whose age says nothing about delivery latency.
   */
  #write(data: string, live: boolean): void {
    if (this.#beforeWelcome) {
      this.#beforeWelcome.push(data);
      return;
    }
    if (!this.open) return;
    if (
      this.#head === this.#waiting.length &&
      this.socket.bufferedAmount + data.length <= this.maxBufferedBytes
    ) {
      this.#send(data, live);
      return;
    }
    this.#waitingBytes += data.length;
    if (this.#waitingBytes > this.maxBufferedBytes * QUEUE_FACTOR) {
      this.#slowConsumer();
      return;
    }
    this.#waiting.push({ data, live });
    if (this.#waiting.length - this.#head === 1) void this.#pump();
  }

  /** Sends the waiting frames, in order, as fast as the client reads them. */
  async #pump(): Promise<void> {
    // An index rather than shift(): thousands of small frames may wait.
    while (this.#head < this.#waiting.length) {
      const next = this.#waiting[this.#head]!;
      if (!(await this.#drained(next.data.length, () => false))) break;
      this.#head++;
      this.#waitingBytes -= next.data.length;
      this.#send(next.data, next.live);
    }
    this.#clearWaiting();
  }

  #clearWaiting(): void {
    this.#waiting = [];
    this.#head = 0;
    this.#waitingBytes = 0;
  }

  #slowConsumer(): void {
    this.#clearWaiting();
    this.close(CLOSE_CODES.slowConsumer.code, CLOSE_CODES.slowConsumer.reason);
  }

  #send(data: string, live: boolean): void {
    this.socket.send(data);
    if (!data.startsWith(MESSAGE_FRAME_START)) return;
    this.metrics.messagesDelivered.inc();
    const age = live ? ageOf(data) : undefined;
    if (age !== undefined) this.metrics.deliveryLatency.observe(age);
  }

  /** Serialises and writes a frame. */
  send(frame: ServerFrame): void {
    if (frame.type === "error") this.metrics.errorFrames.inc({ code: frame.code });
    this.sendRaw(JSON.stringify(frame));
  }

  /** Queues frames from now until {@linkcode welcome}, so that `welcome` is the first event. */
  holdUntilWelcome(): void {
    this.#beforeWelcome = [];
  }

  /** Writes `welcome`, then whatever was queued before it. */
  welcome(frame: ServerFrame & { type: "welcome" }): void {
    const queued = this.#beforeWelcome ?? [];
    this.#beforeWelcome = null;
    this.send(frame);
    for (const data of queued) this.sendRaw(data);
  }

  /**
   * Delivers a frame of `roomId`. An `event` frame (with `seq`) is dropped when this connection
   * already has that seq; during the room's replay every frame waits for the replay to end.
   */
  deliver(roomId: string, data: string, seq?: number): void {
    const buffer = this.#replaying.get(roomId);
    if (buffer) {
      buffer.push({ data, seq });
      return;
    }
    if (seq !== undefined) {
      if (seq <= (this.#delivered.get(roomId) ?? 0)) return;
      this.#delivered.set(roomId, seq);
    }
    this.sendRaw(data);
  }

  /** The client already holds the room's events up to `seq`. */
  markDelivered(roomId: string, seq: number): void {
    this.#delivered.set(roomId, Math.max(seq, this.#delivered.get(roomId) ?? 0));
  }

  /** Holds the room's live frames until {@linkcode endReplay}. */
  beginReplay(roomId: string): void {
    this.#replaying.set(roomId, []);
  }

  /**
   * Writes replayed events of a room (during its replay), marking each as delivered. A replay
   * can be far larger than the bound (1,000 events of up to 16 KiB), so it goes out at the pace
   * the client reads: before each event that would pass the bound it waits for the socket to
   * drain. Only a client that reads nothing for {@linkcode DRAIN_TIMEOUT_MS} is closed
   * with 4008.
   *
   * @param abandon polled while waiting: true stops the replay (e.g. the server is stopping)
   * @returns true when every event was written; false when the replay stopped early (the
   * client resumes from the last event it got)
   */
  async replay(
    roomId: string,
    events: readonly RoomEvent[],
    abandon: () => boolean,
  ): Promise<boolean> {
    for (const event of events) {
      const data = JSON.stringify({ type: "event", event } satisfies ServerFrame);
      if (!(await this.#drained(data.length, abandon))) return false;
      this.markDelivered(roomId, event.seq);
      this.#write(data, false);
    }
    return true;
  }

  /**
   * Waits until `bytes` more fit under the bound; false when closed, abandoned or after
   * {@linkcode DRAIN_TIMEOUT_MS} without room (then closed as a slow consumer).
   */
  async #drained(bytes: number, abandon: () => boolean): Promise<boolean> {
    const deadline = this.clock.now() + DRAIN_TIMEOUT_MS;
    while (this.socket.bufferedAmount + bytes > this.maxBufferedBytes) {
      if (!this.open || abandon()) return false;
      if (this.clock.now() > deadline) {
        this.#slowConsumer();
        return false;
      }
      await this.clock.sleep(DRAIN_POLL_MS);
    }
    return this.open && !abandon();
  }

  /** Ends the room's replay: releases the held frames not already covered by it. */
  endReplay(roomId: string): void {
    const held = this.#replaying.get(roomId) ?? [];
    this.#replaying.delete(roomId);
    for (const { data, seq } of held) this.deliver(roomId, data, seq);
  }

  /** Highest seq of the room sent to this client, 0 when none. */
  deliveredSeq(roomId: string): number {
    return this.#delivered.get(roomId) ?? 0;
  }

  /** Closes with a code from `CLOSE_CODES`. */
  close(code: number, reason: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.metrics.wsCloses.inc({ code: String(code) });
    this.socket.close(code, reason);
  }
}

/**
 * Seconds since the message of a serialised `message_posted` frame was stored. The frame is
 * serialised once for all its recipients, so its timestamp is read back from the text rather
 * than parsed again per recipient. The key cannot match inside a string value, where every quote
 * is escaped, and `created_at` is the event's last key (`postedEvent`), so the search from the
 * end is short.
 */
function ageOf(data: string): number | undefined {
  const at = data.indexOf(CREATED_AT_KEY);
  if (at < 0) return undefined;
  const start = at + CREATED_AT_KEY.length;
  const created = Date.parse(data.slice(start, data.indexOf('"', start)));
  // The database's clock may run a little ahead of this instance's.
  return Number.isNaN(created) ? undefined : Math.max(0, Date.now() - created) / 1000;
}
