/**
 * Delivery accounting of the load generator: which message went out when, what the server
 * acknowledged, and what each connection received, so that losses, duplicates and reorderings are
 * counted against the acknowledged seqs rather than against what was sent.
 *
 * @module
 */

interface Outgoing {
  sentAt: number;
  measured: boolean;
  /** Member connections still to receive it. */
  pending: number;
}

/** What one connection has received of one room: the highest seq and the gaps below it. */
interface Received {
  max: number;
  gaps: Set<number>;
}

/** Counts and latencies of one run. All times are `performance.now()` ms. */
export class DeliveryTracker {
  readonly deliveryMs: number[] = [];
  readonly ackMs: number[] = [];
  sent = 0;
  acked = 0;
  errors = 0;
  duplicated = 0;
  outOfOrder = 0;
  /** Counters of the measured window. */
  windowSent = 0;
  windowAcked = 0;
  windowDelivered = 0;
  measuring = false;
  readonly #outgoing = new Map<string, Outgoing>();
  readonly #ackedSeqs = new Map<string, number[]>();
  readonly #received = new Map<number, Map<string, Received>>();

  /** Records a `send` of `clientMsgId` that `recipients` connections should receive. */
  sending(clientMsgId: string, recipients: number): void {
    this.sent++;
    if (this.measuring) this.windowSent++;
    this.#outgoing.set(clientMsgId, {
      sentAt: performance.now(),
      measured: this.measuring,
      pending: recipients,
    });
  }

  /** Records an `ack`. */
  ack(roomId: string, clientMsgId: string, seq: number): void {
    this.acked++;
    if (this.measuring) this.windowAcked++;
    const out = this.#outgoing.get(clientMsgId);
    if (out) this.ackMs.push(performance.now() - out.sentAt);
    let seqs = this.#ackedSeqs.get(roomId);
    if (!seqs) this.#ackedSeqs.set(roomId, seqs = []);
    seqs.push(seq);
  }

  /** Records an `error` frame answering the send of `clientMsgId`: nothing will arrive. */
  error(clientMsgId: string | undefined): void {
    this.errors++;
    if (clientMsgId) this.#outgoing.delete(clientMsgId);
  }

  /** Records a posted message (`message_posted` event) received by connection `conn`. */
  delivered(conn: number, roomId: string, seq: number, clientMsgId: string): void {
    if (this.measuring) this.windowDelivered++;
    let rooms = this.#received.get(conn);
    if (!rooms) this.#received.set(conn, rooms = new Map());
    let got = rooms.get(roomId);
    if (!got) rooms.set(roomId, got = { max: 0, gaps: new Set() });
    if (seq > got.max) {
      for (let s = got.max + 1; s < seq; s++) got.gaps.add(s);
      got.max = seq;
    } else if (got.gaps.delete(seq)) {
      this.outOfOrder++;
      return this.#arrived(clientMsgId);
    } else {
      this.duplicated++;
      return;
    }
    this.#arrived(clientMsgId);
  }

  /** Sends not yet acknowledged, and deliveries not yet received. */
  outstanding(): { acks: number; deliveries: number } {
    let deliveries = 0;
    for (const out of this.#outgoing.values()) deliveries += out.pending;
    return { acks: this.sent - this.acked - this.errors, deliveries };
  }

  /**
   * Acknowledged messages missed by a member connection: for each connection and each room it
   * belongs to, every acked seq above what it received or inside one of its gaps.
   *
   * @param membership the rooms of each connection
   */
  lost(membership: ReadonlyMap<number, readonly string[]>): number {
    let lost = 0;
    for (const [conn, roomIds] of membership) {
      for (const roomId of roomIds) {
        const got = this.#received.get(conn)?.get(roomId);
        for (const seq of this.#ackedSeqs.get(roomId) ?? []) {
          if (!got || seq > got.max || got.gaps.has(seq)) lost++;
        }
      }
    }
    return lost;
  }

  #arrived(clientMsgId: string) {
    const out = this.#outgoing.get(clientMsgId);
    if (!out) return;
    if (out.measured) this.deliveryMs.push(performance.now() - out.sentAt);
    if (--out.pending === 0) this.#outgoing.delete(clientMsgId);
  }
}
