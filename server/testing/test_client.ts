/**
 * HTTP and WebSocket clients for end-to-end tests.
 *
 * @module
 */
import { within } from "./within.ts";
import {
  type ClientFrameInput,
  EventPage,
  EVENTS_MAX_LIMIT,
  HISTORY_MAX_LIMIT,
  HistoryPage,
  type Message,
  type RoomEvent,
  type RoomEventType,
  ServerFrame,
  type ServerFrame as ServerFrameType,
  type TokenPair,
} from "../../shared/mod.ts";

/** A response: status and parsed JSON body (null when empty). */
export interface ApiResponse {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers;
}

/** Calls `/api/v1<path>` with an optional JSON body and bearer token. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Registers `username` (password `password123`) and logs in. */
export async function signUp(baseUrl: string, username: string): Promise<TokenPair> {
  const reg = await api(baseUrl, "POST", "/auth/register", { username, password: "password123" });
  if (reg.status !== 201) throw new Error(`register ${username}: ${JSON.stringify(reg.body)}`);
  const login = await api(baseUrl, "POST", "/auth/login", { username, password: "password123" });
  if (login.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(login.body)}`);
  return login.body;
}

/**
 * Polls `GET /readyz` of `baseUrl` every 100 ms until it answers `status` (200 once the database
 * and the bus answer, 503 while one does not).
 *
 * @throws when it has not within `timeoutMs`
 */
export async function waitForReady(
  baseUrl: string,
  status: 200 | 503,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${baseUrl}/readyz`);
    await res.body?.cancel();
    if (res.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/readyz of ${baseUrl} never answered ${status}`);
}

/** Every message of a room, in ascending seq, paged through history as `token`'s user. */
export async function allMessages(
  baseUrl: string,
  token: string,
  roomId: string,
): Promise<Message[]> {
  const messages: Message[] = [];
  while (true) {
    const after = messages.at(-1)?.seq ?? 0;
    const path = `/rooms/${roomId}/messages?after_seq=${after}&limit=${HISTORY_MAX_LIMIT}`;
    const { status, body } = await api(baseUrl, "GET", path, undefined, token);
    if (status !== 200) throw new Error(`history of ${roomId}: ${status} ${JSON.stringify(body)}`);
    const page = HistoryPage.parse(body);
    messages.push(...page.messages);
    if (!page.has_more) return messages;
  }
}

/** Bound on a WebSocket's opening or closing handshake, in milliseconds. */
const CLOSE_TIMEOUT_MS = 10_000;

/** A WebSocket client that queues every server frame, validated against the shared schema. */
export class WsClient {
  readonly frames: ServerFrameType[] = [];
  closeCode: number | null = null;
  readonly #waiters: Array<() => void> = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.onmessage = (e) => {
      this.frames.push(ServerFrame.parse(JSON.parse(e.data)));
      this.#wake();
    };
    this.closed = new Promise((resolve) => {
      socket.onclose = (e) => {
        this.closeCode = e.code;
        this.#wake();
        resolve(e.code);
      };
    });
  }

  /**
   * Opens a socket; with `token`, sends `hello` and waits for `welcome`. `httpClient` sets TLS
   * trust (e.g. a private CA) for a `wss://` URL.
   */
  static async connect(
    wsUrl: string,
    token?: string,
    httpClient?: Deno.HttpClient,
  ): Promise<WsClient> {
    const socket = httpClient ? new WebSocket(wsUrl, { client: httpClient }) : new WebSocket(wsUrl);
    await within(
      new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = () => reject(new Error(`cannot connect to ${wsUrl}`));
      }),
      CLOSE_TIMEOUT_MS,
      `the WebSocket to ${wsUrl} to open`,
    );
    const client = new WsClient(socket);
    if (token) {
      client.send({ type: "hello", token });
      await client.next((f) => f.type === "welcome");
    }
    return client;
  }

  /** Sends a frame, or a raw string as it is. */
  send(frame: ClientFrameInput | string): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Removes and returns the first queued frame matching `match`, waiting up to `timeoutMs`. */
  async next<T extends ServerFrameType["type"]>(
    match: (f: ServerFrameType) => boolean,
    timeoutMs = 3000,
  ): Promise<ServerFrameType & { type: T }> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0] as ServerFrameType & { type: T };
      const left = deadline - Date.now();
      if (left <= 0 || this.closeCode !== null) {
        throw new Error(`no matching frame; queued: ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next frame of `type`. */
  nextOfType<T extends ServerFrameType["type"]>(type: T, timeoutMs?: number) {
    return this.next<T>((f) => f.type === type, timeoutMs) as Promise<
      Extract<ServerFrameType, { type: T }>
    >;
  }

  /** The next room event of `type` (from an `event` frame). */
  async nextEvent<T extends RoomEventType>(
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<RoomEvent, { type: T }>> {
    const frame = await this.next((f) => f.type === "event" && f.event.type === type, timeoutMs);
    return (frame as Extract<ServerFrameType, { type: "event" }>).event as Extract<
      RoomEvent,
      { type: T }
    >;
  }

  /** The next posted message (a `message_posted` event), as `{message, event}`. */
  async nextMessage(
    timeoutMs?: number,
  ): Promise<{ message: Message; event: Extract<RoomEvent, { type: "message_posted" }> }> {
    const event = await this.nextEvent("message_posted", timeoutMs);
    return { message: event.message, event };
  }

  /** Closes the socket and waits (at most 10 s) for the close to complete. */
  async close(): Promise<void> {
    if (this.socket.readyState < WebSocket.CLOSING) this.socket.close(1000);
    await this.closedWithin(CLOSE_TIMEOUT_MS, "the closing handshake after close(1000)");
  }

  /**
   * The close code, once the socket closes; a `WaitTimeout` naming `what` after `ms`.
   *
   * @param what what the test waits for, e.g. "the server's 1008 close after 50 bad frames"
   */
  closedWithin(ms: number, what: string): Promise<number> {
    return within(this.closed, ms, what);
  }

  #wake() {
    for (const w of this.#waiters.splice(0)) w();
  }
}

/** Every event of a room, in ascending seq, through `GET /rooms/:id/events` as `token`'s user. */
export async function allEvents(
  baseUrl: string,
  token: string,
  roomId: string,
  afterSeq = 0,
): Promise<RoomEvent[]> {
  const events: RoomEvent[] = [];
  while (true) {
    const after = events.at(-1)?.seq ?? afterSeq;
    const path = `/rooms/${roomId}/events?after_seq=${after}&limit=${EVENTS_MAX_LIMIT}`;
    const { status, body } = await api(baseUrl, "GET", path, undefined, token);
    if (status !== 200) throw new Error(`events of ${roomId}: ${status} ${JSON.stringify(body)}`);
    const page = EventPage.parse(body);
    events.push(...page.events);
    if (!page.has_more) return events;
  }
}
