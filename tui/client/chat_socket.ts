/**
 * The client side of the WebSocket protocol (`/api/v1/ws`): one long-lived connection that
 * authenticates with `hello`, reconnects by itself with exponential backoff and jitter (0.5 s up
 * to 30 s, from the TUI issue), and reports every server frame and every change of connection
 * state to its listeners. No React here: the TUI's reducer consumes these events.
 *
 * @module
 */
import type { ClientFrameInput, ServerFrame } from "../../shared/mod.ts";

/** Where the connection stands, for the footer. */
export type ConnectionStatus =
  | { state: "connecting" }
  | { state: "connected" }
  /** Waiting `retryInMs` before attempt number `attempt`; `retryAt` is an epoch ms timestamp. */
  | { state: "reconnecting"; attempt: number; retryInMs: number; retryAt: number }
  /** Gave up for good (e.g. closed with 4401 and the session could not be refreshed). */
  | { state: "offline"; reason: string };

/** What a {@linkcode ChatSocket} reports. */
export type ChatSocketEvent =
  | { type: "status"; status: ConnectionStatus }
  | { type: "frame"; frame: ServerFrame };

/** A self-reconnecting protocol connection. */
export interface ChatSocket {
  /** The current state. */
  readonly status: ConnectionStatus;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: ChatSocketEvent) => void): () => void;
  /**
   * Sends a frame when connected and authenticated.
   * @returns false when the frame could not be written (not connected)
   */
  send(frame: ClientFrameInput): boolean;
  /** Closes for good; no reconnect follows. */
  close(): void;
}
