/**
 * What the gateway does with each authenticated client frame, as a table keyed by frame type so
 * that a missing handler is a type error.
 *
 * @module
 */
import { ChatError, type ClientFrame } from "../../shared/mod.ts";
import { type Bus, roomChannel } from "../bus/bus.ts";
import type { MessageService } from "../messages/message_service.ts";
import type { Connection } from "./connection.ts";

type Handler<T extends ClientFrame["type"]> = (
  conn: Connection,
  frame: Extract<ClientFrame, { type: T }>,
) => Promise<void>;

/** One handler per client frame type. */
export type FrameHandlers = { [T in ClientFrame["type"]]: Handler<T> };

/** What the handlers need; `hello` is the gateway's own. */
export interface FrameHandlerDeps {
  messages: MessageService;
  bus: Bus;
  hello: Handler<"hello">;
  /** @throws {ChatError} `rate_limited` */
  limitSend?: (userId: string) => Promise<void>;
  /** Answers a frame that failed after its turn (a pipelined send) with an `error` frame. */
  fail: (conn: Connection, err: unknown, ref: string | undefined) => void;
}

/**
 * Sends of one connection being stored at once. Enough to cover a group commit in flight and the
 * batch forming behind it at a client's fastest rate; more would only queue in the server.
 */
export const MAX_PIPELINED_SENDS = 32;

function notYet(_conn: Connection, frame: ClientFrame): Promise<void> {
  return Promise.reject(
    new ChatError("invalid_request", `Frame "${frame.type}" is not served by this server yet`),
  );
}

/** Builds the handler table. Frames reach it validated, and only `hello` before authentication. */
export function createFrameHandlers(deps: FrameHandlerDeps): FrameHandlers {
  return {
    hello: deps.hello,
    async send(conn, frame) {
      await deps.limitSend?.(conn.user!.id);
      // Submitted for storage now, in frame order; acknowledged when committed, meanwhile the
      // connection's next frames are read.
      const stored = deps.messages.send(conn.user!, {
        roomId: frame.room_id,
        clientMsgId: frame.client_msg_id,
        kind: frame.kind,
        text: frame.text,
      }).then(
        ({ message }) =>
          conn.send({
            type: "ack",
            room_id: message.room_id,
            ref: message.client_msg_id,
            message_id: message.id,
            seq: message.seq,
          }),
        (err) => deps.fail(conn, err, frame.client_msg_id),
      );
      await conn.pipeline(stored, MAX_PIPELINED_SENDS);
    },
    // Declared by protocol 2; served once the event stream is stored (issue 11, next slice).
    edit: notYet,
    delete: notYet,
    react: notYet,
    unreact: notYet,
    async typing(conn, frame) {
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
    async read(conn, frame) {
      await deps.messages.markRead(conn.user!.id, frame.room_id, frame.seq);
    },
    ping(conn) {
      conn.send({ type: "pong" });
      return Promise.resolve();
    },
  };
}
