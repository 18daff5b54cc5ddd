/**
 * Liveness of one connection: pings after a silence and declares the connection dead after a
 * longer one. This catches connections that died without a close (a laptop that slept, a NAT
 * that dropped the flow), which would otherwise look open forever.
 *
 * @module
 */

/** Options for {@linkcode Heartbeat}. */
export interface HeartbeatOptions {
  /** Call `ping` after this long without a received frame, and again every as long; in ms. */
  pingIntervalMs: number;
  /** Call `dead` after this long without a received frame, in ms. */
  idleTimeoutMs: number;
  /** Sends an application-level ping. */
  ping: () => void;
  /** Gives the connection up; the heartbeat has stopped when it is called. */
  dead: () => void;
}

/** The timer of one connection: `start()` when it opens, `received()` on each frame. */
export class Heartbeat {
  readonly #options: HeartbeatOptions;
  #lastReceivedAt = 0;
  #lastPingAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
  }

  /** Starts counting silence from now. */
  start(): void {
    this.#lastReceivedAt = Date.now();
    this.#lastPingAt = 0;
    this.#tick();
  }

  /** Notes that a frame arrived. */
  received(): void {
    this.#lastReceivedAt = Date.now();
  }

  /** Stops the timer; `start()` may follow. */
  stop(): void {
    clearTimeout(this.#timer);
  }

  // One timer, set for the next moment something may be due, rather than one reset per frame.
  #tick(): void {
    const { pingIntervalMs, idleTimeoutMs, ping, dead } = this.#options;
    const now = Date.now();
    if (now - this.#lastReceivedAt >= idleTimeoutMs) return dead();
    if (now - this.#lastReceivedAt >= pingIntervalMs && now - this.#lastPingAt >= pingIntervalMs) {
      this.#lastPingAt = now;
      ping();
    }
    const nextPing = Math.max(this.#lastReceivedAt, this.#lastPingAt) + pingIntervalMs;
    const deadline = this.#lastReceivedAt + idleTimeoutMs;
    this.#timer = setTimeout(() => this.#tick(), Math.min(nextPing, deadline) - now);
  }
}
