/**
 * The implementation of `createChatSocket()` in `chat_socket.ts`: one WebSocket at a time, replaced on every
 * close that is not final.
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
import { Heartbeat } from "./_heartbeat.ts";
import { backoffDelay, type BackoffOptions } from "./backoff.ts";
import type {
  ChatSocket,
  ChatSocketEvent,
  ChatSocketOptions,
  ConnectionStatus,
  ResumePoints,
} from "./chat_socket.ts";
import { webSocketUrl } from "./server_url.ts";

const RECONNECT_AFTER = new Map<number, boolean>(
  Object.values(CLOSE_CODES).map((c) => [c.code, c.reconnect]),
);

/** A {@linkcode ChatSocket} that reconnects, as `createChatSocket()` describes. */
export class ReconnectingSocket implements ChatSocket {
  readonly #wsUrl: string;
  readonly #session: ChatSocketOptions["session"];
  readonly #backoff: BackoffOptions;
  readonly #httpClient: Deno.HttpClient | undefined;
  readonly #listeners = new Set<(event: ChatSocketEvent) => void>();
  #status: ConnectionStatus = { state: "connecting" };
  #ws: WebSocket | undefined;
  /** Reconnect attempts since the last `welcome`. */
  #attempt = 0;
  /** Whether the session was already renewed after a 4401 since the last `welcome`. */
  #renewed = false;
  #closed = false;
  #resume: ResumePoints | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #heartbeat: Heartbeat;

  constructor(o: ChatSocketOptions) {
    this.#wsUrl = webSocketUrl(o.url);
    this.#session = o.session;
    this.#backoff = o.backoff ?? {};
    this.#httpClient = o.httpClient;
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

  resumeFrom(points: ResumePoints | null): void {
    this.#resume = points;
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
    const ws = new WebSocket(this.#wsUrl, { client: this.#httpClient });
    this.#ws = ws;
    ws.onopen = () => {
      const resume = this.#resume?.() ?? {};
      const hello: ClientFrameInput = Object.keys(resume).length === 0
        ? { type: "hello", token }
        : { type: "hello", token, resume: { ...resume } };
      ws.send(JSON.stringify(hello));
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
