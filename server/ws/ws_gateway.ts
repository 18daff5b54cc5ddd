/**
 * The WebSocket gateway of `GET /api/v1/ws`: authenticates each connection with its first frame,
 * validates every frame against the shared/ schemas, dispatches it through a handler table, and
 * delivers room events through the {@linkcode ConnectionRegistry}.
 *
 * Invalid frames get an `error` frame and leave the connection open; only a missing or invalid
 * `hello` closes it (4401).
 *
 * @module
 */
import {
  ChatError,
  CLIENT_FRAME_TYPES,
  ClientFrame,
  CLOSE_CODES,
  HELLO_TIMEOUT_MS,
  PROTOCOL_VERSION,
} from "../../shared/mod.ts";
import type { AuthService } from "../auth/auth_service.ts";
import type { Bus } from "../bus/bus.ts";
import { roomChannel } from "../bus/bus.ts";
import { describeIssues } from "../http/router.ts";
import type { Logger } from "../logger.ts";
import type { MessageService } from "../messages/message_service.ts";
import type { Store } from "../store/store.ts";
import { Connection } from "./connection.ts";
import { ConnectionRegistry } from "./connection_registry.ts";

/** What the gateway needs. */
export interface GatewayDeps {
  auth: AuthService;
  messages: MessageService;
  store: Store;
  bus: Bus;
  logger: Logger;
}

type Handler<T extends ClientFrame["type"]> = (
  conn: Connection,
  frame: Extract<ClientFrame, { type: T }>,
) => Promise<void> | void;

/** Accepts WebSockets and serves the frame protocol on them. */
export class WsGateway {
  readonly #deps: GatewayDeps;
  readonly #registry: ConnectionRegistry;
  readonly #connections = new Set<Connection>();
  readonly #handlers: { [T in ClientFrame["type"]]: Handler<T> };

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
    this.#registry = new ConnectionRegistry(deps.bus, deps.logger);
    this.#handlers = {
      hello: (conn, frame) => this.#hello(conn, frame.token),
      send: async (conn, frame) => {
        const { message, duplicate } = await deps.messages.send(conn.user!, {
          roomId: frame.room_id,
          clientMsgId: frame.client_msg_id,
          kind: frame.kind,
          text: frame.text,
          connectionId: conn.id,
        });
        conn.send({
          type: "ack",
          room_id: message.room_id,
          client_msg_id: message.client_msg_id,
          message_id: message.id,
          seq: message.seq,
        });
        if (duplicate) deps.logger.debug({ client_msg_id: frame.client_msg_id }, "resend acked");
      },
      typing: async (conn, frame) => {
        if (!conn.rooms.has(frame.room_id)) {
          throw new ChatError("not_member", `You are not a member of room "${frame.room_id}"`);
        }
        const user = { id: conn.user!.id, username: conn.user!.username };
        await deps.bus.publish(roomChannel(frame.room_id), {
          kind: "frame",
          frame: { type: "typing", room_id: frame.room_id, user },
          exclude_user_id: user.id,
        });
      },
      read: async (conn, frame) => {
        await deps.messages.markRead(conn.user!.id, frame.room_id, frame.seq);
      },
      ping: (conn) => conn.send({ type: "pong" }),
    };
  }

  /** Authenticated connections on this instance. */
  get connectionCount(): number {
    return this.#registry.size;
  }

  /** Serves the protocol on a socket from `Deno.upgradeWebSocket`. */
  accept(socket: WebSocket): void {
    const conn = new Connection(socket);
    this.#connections.add(conn);
    const helloTimer = setTimeout(() => {
      if (!conn.user) conn.close(CLOSE_CODES.unauthorized.code, "hello timeout");
    }, HELLO_TIMEOUT_MS);
    socket.onmessage = (event) => {
      conn.queue = conn.queue.then(() => this.#receive(conn, event.data));
    };
    socket.onclose = () => {
      clearTimeout(helloTimer);
      this.#connections.delete(conn);
      this.#registry.remove(conn);
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

  async #receive(conn: Connection, data: unknown): Promise<void> {
    let ref: string | undefined;
    try {
      if (typeof data !== "string") {
        throw new ChatError("invalid_request", "Binary frames are not supported: send JSON text");
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data);
      } catch {
        throw new ChatError("malformed_json", "Frame is not valid JSON");
      }
      const obj = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      if (typeof obj.client_msg_id === "string") ref = obj.client_msg_id;
      if (!CLIENT_FRAME_TYPES.includes(obj.type as ClientFrame["type"])) {
        throw new ChatError(
          "unknown_frame_type",
          `Unknown frame type ${JSON.stringify(obj.type)}: expected ${
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
      await (this.#handlers[frame.type] as Handler<typeof frame.type>)(conn, frame);
    } catch (err) {
      const chat = err instanceof ChatError
        ? err
        : new ChatError("internal_error", "Internal server error");
      if (chat.code === "internal_error") {
        this.#deps.logger.error({ err, user_id: conn.user?.id }, "frame handler failed");
      }
      conn.send({ type: "error", code: chat.code, message: chat.message, ...(ref ? { ref } : {}) });
    }
  }

  async #hello(conn: Connection, token: string): Promise<void> {
    let user;
    try {
      user = await this.#deps.auth.authenticate(token);
    } catch (err) {
      const chat = err instanceof ChatError ? err : new ChatError("unauthorized", "Invalid token");
      conn.send({ type: "error", code: chat.code, message: chat.message });
      conn.close(CLOSE_CODES.unauthorized.code, chat.code);
      return;
    }
    const roomIds = await this.#deps.store.rooms.roomIdsOf(user.id);
    if (!conn.open) return;
    conn.user = user;
    this.#registry.add(conn, roomIds);
    conn.send({ type: "welcome", user, protocol: PROTOCOL_VERSION });
  }
}
