/**
 * The WebSocket gateway of `GET /api/v1/ws`: authenticates each connection with its first frame,
 * replays what a resuming client missed, validates every frame against the shared/ schemas,
 * dispatches it through a handler table, and delivers room events through the
 * {@linkcode ConnectionRegistry}.
 *
 * Invalid frames get an `error` frame and leave the connection open; a missing or invalid `hello`
 * closes it with 4401, and 50 violations within 10 s with 1008.
 *
 * @module
 */
import {
  ChatError,
  CLIENT_FRAME_TYPES,
  ClientFrame,
  CLOSE_CODES,
  HELLO_TIMEOUT_MS,
  MAX_FRAME_BYTES,
  MAX_VIOLATIONS,
  PROTOCOL_VERSION,
  RESUME_MAX_MESSAGES,
  VIOLATION_WINDOW_MS,
} from "../../shared/mod.ts";
import type { AuthService } from "../auth/auth_service.ts";
import type { Bus } from "../bus/bus.ts";
import { describeIssues } from "../http/router.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { RateLimitedError } from "../limits/rate_limits.ts";
import type { EventPublisher } from "../events/event_publisher.ts";
import type { MessageService } from "../messages/message_service.ts";
import type { Store } from "../store/store.ts";
import { Connection } from "./connection.ts";
import { ConnectionRegistry } from "./connection_registry.ts";
import { createFrameHandlers, type FrameHandlers } from "./frame_handlers.ts";
import type { PresenceService } from "../presence/presence_service.ts";

/** What the gateway needs. */
export interface GatewayDeps {
  auth: AuthService;
  messages: MessageService;
  publish: EventPublisher;
  store: Store;
  bus: Bus;
  logger: Logger;
  /** Unsent bytes a socket may hold before frames wait in the connection; default 1 MiB. */
  maxBufferedBytes?: number;
  /** Checks a user's `send` rate. @throws {ChatError} `rate_limited` */
  limitSend?: (userId: string) => Promise<void>;
  /**
   * Most authenticated sockets a user may hold on this instance; a new one past it closes the
   * user's oldest with 4409. Default 20 (WS_MAX_SOCKETS_PER_USER).
   */
  maxSocketsPerUser?: number;
  /** Counts connections, delivered messages and error frames. */
  metrics: Metrics;
  presence: PresenceService;
}

/** Accepts WebSockets and serves the frame protocol on them. */
export class WsGateway {
  readonly #deps: GatewayDeps;
  readonly #registry: ConnectionRegistry;
  readonly #connections = new Set<Connection>();
  readonly #handlers: FrameHandlers;
  #stopping = false;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
    const fetchRange = (roomId: string, afterSeq: number, beforeSeq: number) => {
      // Large gaps (a long Redis outage) are filled a bounded page at a time.
      const limit = Math.max(1, Math.min(beforeSeq - afterSeq - 1, RESUME_MAX_MESSAGES));
      return deps.store.events.range(roomId, afterSeq, beforeSeq, limit);
    };
    this.#registry = new ConnectionRegistry(deps.bus, fetchRange, deps.logger);
    this.#handlers = createFrameHandlers({
      ...deps,
      hello: (conn, frame) => this.#hello(conn, frame.token, frame.resume ?? {}),
      fail: (conn, err, ref) => this.#fail(conn, err, ref),
    });
    deps.bus.onReconnect(() => void this.#recover());
    deps.presence.start(() =>
      [...this.#registry.all()].map((conn) => ({ userId: conn.user!.id, connectionId: conn.id }))
    );
  }

  /** Authenticated connections on this instance. */
  get connectionCount(): number {
    return this.#registry.size;
  }

  /** False once {@linkcode shutdown} has begun: new sockets are then refused. */
  get accepting(): boolean {
    return !this.#stopping;
  }

  /** Serves the protocol on a socket from `Deno.upgradeWebSocket`. */
  accept(socket: WebSocket): void {
    const { metrics, logger } = this.#deps;
    const conn = new Connection(socket, this.#deps.maxBufferedBytes ?? 1024 * 1024, metrics);
    this.#connections.add(conn);
    metrics.wsConnections.inc();
    const helloTimer = setTimeout(() => {
      if (!conn.user) conn.close(CLOSE_CODES.unauthorized.code, "hello timeout");
    }, HELLO_TIMEOUT_MS);
    socket.onmessage = (event) => {
      conn.queue = conn.queue.then(() => this.#receive(conn, event.data));
    };
    socket.onclose = ({ code }) => {
      clearTimeout(helloTimer);
      this.#connections.delete(conn);
      metrics.wsConnections.dec();
      logger.info({ conn_id: conn.id, user_id: conn.user?.id, code }, "ws closed");
      if (!conn.user) return;
      const rooms = [...conn.rooms];
      this.#registry.remove(conn);
      void this.#deps.presence.disconnected(conn.user, conn.id, rooms);
    };
    socket.onerror = () => {};
  }

  /**
   * Closes every connection with `code` (e.g. 1012 on shutdown) and resolves once their closing
   * handshakes are done, or after `timeoutMs`. Await it before `server.shutdown()`, which closes
   * the sockets still open with its own 1001.
   */
  async closeAll(code: number, reason: string, timeoutMs = 1_000): Promise<void> {
    if (this.#connections.size === 0) return;
    const closed = [...this.#connections].map((conn) =>
      new Promise<void>((resolve) => conn.socket.addEventListener("close", () => resolve()))
    );
    for (const conn of this.#connections) conn.close(code, reason);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs));
    await Promise.race([Promise.all(closed), timeout]);
    clearTimeout(timer);
  }

  /**
   * Graceful stop: frames received from now on are ignored (unacknowledged, so clients resend
   * them), every frame already received is handled to its `ack`, then every socket is closed with
   * 1012 (service restart) so clients reconnect at once.
   */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    this.#deps.presence.stop();
    await Promise.all([...this.#connections].map((conn) => conn.settled()));
    const { code, reason } = CLOSE_CODES.serviceRestart;
    await this.closeAll(code, reason);
  }

  async #receive(conn: Connection, data: unknown): Promise<void> {
    if (this.#stopping) return;
    let ref: string | undefined;
    try {
      if (typeof data !== "string") {
        throw new ChatError("invalid_request", "Binary frames are not supported: send JSON text");
      }
      if (data.length > MAX_FRAME_BYTES) {
        throw new ChatError("frame_too_large", `Frames are limited to ${MAX_FRAME_BYTES} bytes`);
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data);
      } catch {
        throw new ChatError("malformed_json", "Frame is not valid JSON");
      }
      const obj = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      const key = obj.client_msg_id ?? obj.client_event_id;
      if (typeof key === "string") ref = key.slice(0, 64);
      if (!CLIENT_FRAME_TYPES.includes(obj.type as ClientFrame["type"])) {
        throw new ChatError(
          "unknown_frame_type",
          `Unknown frame type ${JSON.stringify(obj.type)?.slice(0, 64)}: expected ${
            CLIENT_FRAME_TYPES.join(", ")
          }`,
        );
      }
      const parsed = ClientFrame.safeParse(raw);
      if (!parsed.success) throw new ChatError("invalid_request", describeIssues(parsed.error));
      const frame = parsed.data;
      if (frame.type !== "hello" && !conn.user) {
        throw new ChatError("not_authenticated", "Send hello with an access token first");
      }
      if (frame.type === "hello" && conn.user) {
        throw new ChatError("invalid_request", "Connection is already authenticated");
      }
      await (this.#handlers[frame.type] as (c: Connection, f: ClientFrame) => Promise<void>)(
        conn,
        frame,
      );
    } catch (err) {
      this.#fail(conn, err, ref);
    }
  }

  /** Answers a failed frame with an `error` frame; counts the client's violations. */
  #fail(conn: Connection, err: unknown, ref: string | undefined): void {
    const chat = err instanceof ChatError
      ? err
      : new ChatError("internal_error", "Internal server error");
    if (chat.code === "internal_error") {
      this.#deps.logger.error({ err, user_id: conn.user?.id }, "frame handler failed");
    }
    conn.send({
      type: "error",
      code: chat.code,
      message: chat.message,
      ...(ref ? { ref } : {}),
      ...(chat instanceof RateLimitedError
        ? { retry_after_ms: chat.retryAfterSeconds * 1000 }
        : {}),
    });
    if (chat.code === "internal_error" || chat.code === "rate_limited") return;
    const now = Date.now();
    conn.violations.push(now);
    while (conn.violations[0]! <= now - VIOLATION_WINDOW_MS) conn.violations.shift();
    if (conn.violations.length >= MAX_VIOLATIONS) {
      conn.close(CLOSE_CODES.policyViolation.code, "too many invalid frames");
    }
  }

  async #hello(conn: Connection, token: string, resume: Record<string, number>): Promise<void> {
    let user, sessionId;
    try {
      ({ user, sessionId } = await this.#deps.auth.authenticate(token));
    } catch (err) {
      const chat = err instanceof ChatError ? err : new ChatError("unauthorized", "Invalid token");
      conn.send({ type: "error", code: chat.code, message: chat.message });
      conn.close(CLOSE_CODES.unauthorized.code, chat.code);
      return;
    }
    const rooms = await this.#deps.store.rooms.roomsOf(user.id);
    const readMarkers = await this.#deps.store.readMarkers.readMarkers(user.id);
    if (!conn.open) return;
    this.#makeRoomFor(user.id);
    conn.user = user;
    conn.sessionId = sessionId;
    conn.holdUntilWelcome();
    const resumed = rooms.filter((r) => resume[r.roomId] !== undefined);
    for (const { roomId } of resumed) conn.beginReplay(roomId);
    await this.#registry.add(conn, rooms);
    conn.welcome({
      type: "welcome",
      user,
      protocol: PROTOCOL_VERSION,
      read_markers: readMarkers,
    });
    this.#deps.logger.info({ conn_id: conn.id, user_id: user.id }, "ws opened");
    await this.#deps.presence.connected(user, conn.id, conn.rooms);
    for (const { roomId, lastSeq } of resumed) {
      // A claim beyond the room's newest seq would mark live messages up to it as delivered.
      const from = Math.min(resume[roomId]!, lastSeq);
      if (!(await this.#replay(conn, roomId, from, lastSeq))) return;
    }
  }

  /**
   * Keeps a user within the socket cap: closes their oldest sockets on this instance so that one
   * more fits. The oldest, as a forgotten tab or a dead network is likelier there than in the
   * socket just opened.
   */
  #makeRoomFor(userId: string): void {
    const max = this.#deps.maxSocketsPerUser ?? 20;
    const open = this.#registry.connectionsOf(userId).filter((c) => c.open);
    const { code, reason } = CLOSE_CODES.tooManyConnections;
    for (const conn of open.slice(0, Math.max(0, open.length - max + 1))) {
      this.#registry.remove(conn);
      conn.close(code, reason);
    }
  }

  /**
   * After a bus outage: every room feed catches up from the store, and each local user's rooms
   * are compared with the store, since membership events published meanwhile were lost. A room
   * joined meanwhile is added, and the user's connections get the event that made them a member
   * (older than the seq they now hold, which is the room's newest). Sockets of sessions revoked
   * meanwhile are closed with 4401.
   */
  async #recover(): Promise<void> {
    await this.#registry.catchUp();
    for (const userId of this.#registry.users()) {
      for (const conn of this.#registry.connectionsOf(userId)) {
        if (conn.sessionId && !await this.#deps.store.sessions.userOf(userId, conn.sessionId)) {
          this.#registry.closeSession(userId, conn.sessionId);
        }
      }
      const rooms = await this.#deps.store.rooms.roomsOf(userId);
      const current = new Set(rooms.map((r) => r.roomId));
      for (const conn of this.#registry.connectionsOf(userId)) {
        for (const roomId of [...conn.rooms]) {
          if (!current.has(roomId)) this.#registry.removeRoom(conn, roomId);
        }
        for (const position of rooms) {
          if (conn.rooms.has(position.roomId)) continue;
          const joined = await this.#deps.store.events.joinedEvent(position.roomId, userId);
          if (!joined || !conn.user) continue;
          await this.#registry.addRoom(conn, position);
          conn.send({ type: "event", event: joined });
        }
      }
    }
  }

  /**
   * Sends the room's events after `fromSeq` (the newest 1,000 at most), each with its message in
   * its current state, then `synced`. `lastSeq` is the room's newest seq when the connection's
   * rooms were read; events after it arrive live (held until the replay ends).
   * @returns false when the replay stopped early: the connection is closing (4008, or 1012 on
   * shutdown) and the client resumes from the last event it got
   */
  async #replay(
    conn: Connection,
    roomId: string,
    fromSeq: number,
    lastSeq: number,
  ): Promise<boolean> {
    // Seqs are gapless, so the newest 1,000 events are those after lastSeq - 1,000.
    const truncated = lastSeq - fromSeq > RESUME_MAX_MESSAGES;
    const after = truncated ? lastSeq - RESUME_MAX_MESSAGES : fromSeq;
    const events = await this.#deps.store.events.range(
      roomId,
      after,
      Number.MAX_SAFE_INTEGER,
      RESUME_MAX_MESSAGES,
    );
    if (!(await conn.replay(roomId, events, () => this.#stopping))) return false;
    conn.markDelivered(roomId, fromSeq);
    const seq = conn.deliveredSeq(roomId);
    conn.send({ type: "synced", room_id: roomId, seq, truncated });
    conn.endReplay(roomId);
    return true;
  }
}
