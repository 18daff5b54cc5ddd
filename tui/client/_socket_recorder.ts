/**
 * Test helpers for sockets: a recorder of {@linkcode ChatSocketEvent}s that waits for the one a
 * test expects, and a session stub.
 *
 * @module
 */
import type { ChatSocket, ChatSocketEvent, ConnectionStatus } from "./chat_socket.ts";

/** Records a socket's events and waits for the one a test expects. */
export class Recorder {
  readonly events: ChatSocketEvent[] = [];
  #wake: () => void = () => {};

  constructor(readonly socket: ChatSocket) {
    socket.subscribe((event) => {
      this.events.push(event);
      this.#wake();
    });
  }

  get states(): ConnectionStatus["state"][] {
    return this.events.flatMap((e) => e.type === "status" ? [e.status.state] : []);
  }

  /** Resolves with the first event from index `from` on that matches, within `ms`. */
  async until(match: (e: ChatSocketEvent) => boolean, from = 0, ms = 3_000) {
    const deadline = Date.now() + ms;
    while (true) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not seen; events: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Resolves with the first `connected` status from index `from` on. */
  connected(from = 0) {
    return this.until((e) => e.type === "status" && e.status.state === "connected", from);
  }
}

/** Matches status events of `state`. */
export const isStatus = (state: ConnectionStatus["state"]) => (e: ChatSocketEvent) =>
  e.type === "status" && e.status.state === state;

/** A session that hands out `token()` and counts renewals, which run `renew`. */
export function session(token: () => string, renew: () => Promise<string>) {
  const counted = {
    refreshes: 0,
    freshAccessToken: () => Promise.resolve(token()),
    refresh: () => (counted.refreshes++, renew()),
  };
  return counted;
}
