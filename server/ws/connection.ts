/**
 * One client WebSocket: its user once authenticated, the rooms it receives, and frame output.
 *
 * @module
 */
import type { ServerFrame, User } from "../../shared/mod.ts";

/** A client connection. */
export class Connection {
  /** Unique across instances; lets the bus skip the connection that sent a message. */
  readonly id: string = crypto.randomUUID();
  /** Set by a valid `hello`. */
  user: User | null = null;
  /** Rooms whose events this connection receives. */
  readonly rooms: Set<string> = new Set();
  /** Frames are handled one after another, so a client's sends are stored in its order. */
  queue: Promise<void> = Promise.resolve();

  constructor(readonly socket: WebSocket) {}

  /** True while frames can be written. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Writes an already serialised frame; dropped when the socket is no longer open. */
  sendRaw(data: string): void {
    if (this.open) this.socket.send(data);
  }

  /** Serialises and writes a frame. */
  send(frame: ServerFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  /** Closes with a code from `CLOSE_CODES`. */
  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
  }
}
