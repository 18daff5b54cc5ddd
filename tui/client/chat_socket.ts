/**
 * The client side of the WebSocket protocol (`/api/v1/ws`): one long-lived connection that
 * authenticates with `hello`, reconnects by itself with exponential backoff and jitter (0.5 s up
 * to 30 s, from the TUI issue), and reports every server frame and every change of connection
 * state to its listeners. No React here: the TUI's reducer consumes these events.
 *
 * @module
 */
import type { ClientFrameInput, ServerFrame } from "../../shared/mod.ts";
import { ReconnectingSocket } from "./_reconnecting_socket.ts";
import type { TokenProvider } from "./api_client.ts";
import type { BackoffOptions } from "./backoff.ts";

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
  /**
   * Sets what each later `hello` resumes: `points()` is asked at every connect for the last seq
   * held of each room, and the server replays what came after (see `HelloFrame`).
   */
  resumeFrom(points: ResumePoints | null): void;
  /** Closes for good; no reconnect follows. */
  close(): void;
}

/** Gives room id → the last seq held, for `hello.resume`. */
export type ResumePoints = () => Readonly<Record<string, number>>;

/** Options for {@linkcode createChatSocket}. */
export interface ChatSocketOptions {
  /** Server base URL, `http(s)://host[:port]`; the socket opens `ws(s)://…/api/v1/ws`. */
  url: string;
  /** Gives the access token for each `hello`, and renews it after close 4401. */
  session: Pick<TokenProvider, "refresh"> & { freshAccessToken(): Promise<string> };
  /** Send `ping` after this long without a frame from the server, in ms; default 25,000. */
  pingIntervalMs?: number;
  /** Reconnect after this long without any frame from the server, in ms; default 60,000. */
  idleTimeoutMs?: number;
  /** Reconnect delay window; default 0.5 s growing to 30 s, full jitter. */
  backoff?: BackoffOptions;
  /**
   * The client each WebSocket connects with (`new WebSocket(url, { client })`), e.g. one
   * trusting a private CA; default Deno's own.
   */
  httpClient?: Deno.HttpClient;
}

/**
 * Opens a {@linkcode ChatSocket} and keeps it open. It connects at once; on every close that is
 * not final it reconnects after `backoffDelay()` (at once after 1012, service restart). Close
 * 4401 renews the access token once and reconnects; when the session is over, or for the close
 * codes that `CLOSE_CODES` marks final, it goes `offline` with the reason. Frames that do not
 * match the shared `ServerFrame` schema are dropped.
 *
 * Statuses, each reported once: `connecting` (also while renewing the token) → `connected` at
 * `welcome` (the `welcome` frame follows the status); when the connection is lost,
 * `reconnecting` (attempt 1, 2, … since the last welcome) → `connecting` → `connected`;
 * `offline` is final, with reason `"closed"` after `close()`, the `SessionExpiredError`
 * message when the login is over, or a line on why the server ended it.
 *
 * @param options the server, the session and the timing
 * @returns the socket; call `close()` when done, which stops every timer
 * @throws {TypeError} when `url` is not an http(s) URL
 *
 * @example Logging what arrives
 * ```ts ignore
 * const socket = createChatSocket({ url: "http://localhost:8080", session });
 * socket.subscribe((event) => console.log(event));
 * ```
 */
export function createChatSocket(options: ChatSocketOptions): ChatSocket {
  return new ReconnectingSocket(options);
}
