/**
 * The client side of the WebSocket protocol (`/api/v1/ws`): one long-lived connection that
 * authenticates with `hello`, reconnects by itself with exponential backoff and jitter (0.5 s up
 * to 30 s, from the TUI issue), and reports every server frame and every change of connection
 * state to its listeners. No React here: the TUI's reducer consumes these events.
 *
 * @module
 */
import {
  ChatError,
  type ClientFrameInput,
  CLOSE_CODES,
  PROTOCOL_VERSION,
  ServerFrame,
} from "../../shared/mod.ts";
import type { TokenProvider } from "./api_client.ts";
import { Heartbeat } from "./_heartbeat.ts";
import { backoffDelay, type BackoffOptions } from "./backoff.ts";
import { webSocketUrl } from "./server_url.ts";

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
}

/**
 * Opens a {@linkcode ChatSocket} and keeps it open. It connects at once; on every close that is
 * not final it reconnects after {@linkcode backoffDelay} (at once after 1012, service restart).
 * Close 4401 renews the access token once and reconnects; when the session is over, or for the
 * close codes that {@linkcode CLOSE_CODES} marks final, it goes `offline` with the reason.
 * Frames that do not match the shared `ServerFrame` schema are dropped.
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

const RECONNECT_AFTER = new Map<number, boolean>(
  Object.values(CLOSE_CODES).map((c) => [c.code, c.reconnect]),
);

class ReconnectingSocket implements ChatSocket {
  readonly #wsUrl: string;
  readonly #session: ChatSocketOptions["session"];
  readonly #backoff: BackoffOptions;
  readonly #listeners = new Set<(event: ChatSocketEvent) => void>();
  #status: ConnectionStatus = { state: "connecting" };
  #ws: WebSocket | undefined;
  /** Reconnect attempts since the last `welcome`. */
  #attempt = 0;
  /** Whether the session was already renewed after a 4401 since the last `welcome`. */
  #renewed = false;
  #closed = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #heartbeat: Heartbeat;

  constructor(o: ChatSocketOptions) {
    this.#wsUrl = webSocketUrl(o.url);
    this.#session = o.session;
    this.#backoff = o.backoff ?? {};
    this.#heartbeat = new Heartbeat({
      pingIntervalMs: o.pingIntervalMs ?? 25_000,
      idleTimeoutMs: o.idleTimeoutMs ?? 60_000,
      ping: () => this.#ws?.send(JSON.stringify({ type: "ping" } satisfies ClientFrameInput)),
      dead: () => {
        // No close handshake: the peer is presumed gone and would never answer it.
        this.#detach()?.close();
        this.#retry(false);
      },
    });
    this.#connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  subscribe(listener: (event: ChatSocketEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  send(frame: ClientFrameInput): boolean {
    if (this.#status.state !== "connected" || this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach()?.close(CLOSE_CODES.normal.code, "client closed");
    clearTimeout(this.#retryTimer);
    this.#setStatus({ state: "offline", reason: "closed" });
  }

  async #connect(): Promise<void> {
    this.#setStatus({ state: "connecting" });
    let token: string;
    try {
      token = await this.#session.freshAccessToken();
    } catch (err) {
      return this.#closed ? undefined : this.#failSession(err);
    }
    if (this.#closed) return;
    const ws = new WebSocket(this.#wsUrl);
    this.#ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "hello", token } satisfies ClientFrameInput));
      this.#heartbeat.start();
    };
    ws.onmessage = (event) => {
      if (ws === this.#ws) this.#receive(event.data);
    };
    ws.onclose = (event) => {
      if (ws !== this.#ws) return;
      this.#detach();
      this.#closedBy(event.code, event.reason);
    };
    // An error is always followed by a close event, where reconnecting is decided.
    ws.onerror = () => {};
  }

  #receive(data: unknown): void {
    this.#heartbeat.received();
    let raw: unknown;
    try {
      raw = typeof data === "string" ? JSON.parse(data) : undefined;
    } catch {
      return;
    }
    const parsed = ServerFrame.safeParse(raw);
    if (!parsed.success) {
      const welcome = raw as { type?: unknown; protocol?: unknown } | undefined;
      // A welcome that fails only for its protocol version would otherwise leave us waiting.
      if (welcome?.type === "welcome" && welcome.protocol !== PROTOCOL_VERSION) {
        this.#detach()?.close(CLOSE_CODES.normal.code, "protocol mismatch");
        this.#goOffline(
          `the server speaks protocol ${welcome.protocol} and this chat-tui ${PROTOCOL_VERSION}`,
        );
      }
      return;
    }
    const frame = parsed.data;
    if (frame.type === "welcome") {
      this.#attempt = 0;
      this.#renewed = false;
      this.#setStatus({ state: "connected" });
    }
    this.#emit({ type: "frame", frame });
  }

  async #closedBy(code: number, reason: string): Promise<void> {
    if (code === CLOSE_CODES.unauthorized.code) {
      if (this.#renewed) return this.#goOffline(`the server refused the login: ${reason || code}`);
      this.#renewed = true;
      this.#setStatus({ state: "connecting" });
      try {
        await this.#session.refresh();
      } catch (err) {
        return this.#closed ? undefined : this.#failSession(err);
      }
      return this.#closed ? undefined : void this.#connect();
    }
    if (RECONNECT_AFTER.get(code) === false) {
      return this.#goOffline(`the server closed the connection: ${reason || code}`);
    }
    this.#retry(code === CLOSE_CODES.serviceRestart.code && this.#attempt === 0);
  }

  /** Goes offline when the session is over; retries when the server could not be reached. */
  #failSession(err: unknown): void {
    if (err instanceof ChatError && err.code === "refresh_token_invalid") {
      this.#goOffline(err.message);
    } else {
      this.#retry(false);
    }
  }

  #retry(immediately: boolean): void {
    this.#attempt++;
    const retryInMs = immediately ? 0 : backoffDelay(this.#attempt, this.#backoff);
    this.#setStatus({
      state: "reconnecting",
      attempt: this.#attempt,
      retryInMs,
      retryAt: Date.now() + retryInMs,
    });
    this.#retryTimer = setTimeout(() => this.#connect(), retryInMs);
  }

  /** Forgets the current WebSocket, so that its late events are ignored, and returns it. */
  #detach(): WebSocket | undefined {
    const ws = this.#ws;
    this.#ws = undefined;
    this.#heartbeat.stop();
    return ws;
  }

  #goOffline(reason: string): void {
    this.#closed = true;
    this.#setStatus({ state: "offline", reason });
  }

  #setStatus(status: ConnectionStatus): void {
    // Renewing the session and then connecting are both "connecting" to the user.
    if (status.state === "connecting" && this.#status.state === "connecting") return;
    this.#status = status;
    this.#emit({ type: "status", status });
  }

  #emit(event: ChatSocketEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}
