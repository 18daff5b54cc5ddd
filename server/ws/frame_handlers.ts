/**
 * What the gateway does with each authenticated client frame, as a table keyed by frame type so
 * that a missing handler is a type error.
 *
 * @module
 */
import { ChatError, type ClientFrame } from "../../shared/mod.ts";
import type { EventPublisher } from "../events/event_publisher.ts";
import type { Action, MessageService } from "../messages/message_service.ts";
import type { Connection } from "./connection.ts";

type Handler<T extends ClientFrame["type"]> = (
  conn: Connection,
  frame: Extract<ClientFrame, { type: T }>,
) => Promise<void>;

/** What an action frame asks, without its target. */
type ActionKind =
  | { kind: "edit"; text: string }
  | { kind: "delete" }
  | { kind: "react"; emoji: string }
  | { kind: "unreact"; emoji: string };

/** One handler per client frame type. */
export type FrameHandlers = { [T in ClientFrame["type"]]: Handler<T> };

/** What the handlers need; `hello` is the gateway's own. */
export interface FrameHandlerDeps {
  messages: MessageService;
  publish: EventPublisher;
  hello: Handler<"hello">;
  /** Checks the rate of sends and other actions. @throws {ChatError} `rate_limited` */
  limitSend?: (userId: string) => Promise<void>;
  /** Answers a frame that failed after its turn (a pipelined send) with an `error` frame. */
  fail: (conn: Connection, err: unknown, ref: string | undefined) => void;
}

/**
 * Sends of one connection being stored at once. Enough to cover a group commit in flight and the
 * batch forming behind it at a client's fastest rate; more would only queue in the server.
 */
export const MAX_PIPELINED_SENDS = 32;

/** The ack of an applied action; `seq` null when it changed nothing. */
function ack(conn: Connection, ref: string, roomId: string, messageId: string, seq: number | null) {
  conn.send({ type: "ack", ref, room_id: roomId, message_id: messageId, seq });
}

/** Builds the handler table. Frames reach it validated, and only `hello` before authentication. */
export function createFrameHandlers(deps: FrameHandlerDeps): FrameHandlers {
  /** Applies an action frame, then acknowledges it; one at a time, in frame order. */
  async function act(
    conn: Connection,
    frame: { room_id: string; message_id: string; client_event_id: string },
    action: ActionKind,
  ): Promise<void> {
    await deps.limitSend?.(conn.user!.id);
    const { seq } = await deps.messages.act(conn.user!, {
      ...action,
      roomId: frame.room_id,
      messageId: frame.message_id,
      clientEventId: frame.client_event_id,
    } as Action);
    ack(conn, frame.client_event_id, frame.room_id, frame.message_id, seq);
  }

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
        replyTo: frame.reply_to,
        threadRootId: frame.thread_root_id,
      }).then(
        ({ message }) => ack(conn, message.client_msg_id, message.room_id, message.id, message.seq),
        (err) => deps.fail(conn, err, frame.client_msg_id),
      );
      await conn.pipeline(stored, MAX_PIPELINED_SENDS);
    },
    async edit(conn, frame) {
      await act(conn, frame, { kind: "edit", text: frame.text });
    },
    async delete(conn, frame) {
      await act(conn, frame, { kind: "delete" });
    },
    async react(conn, frame) {
      await act(conn, frame, { kind: "react", emoji: frame.emoji });
    },
    async unreact(conn, frame) {
      await act(conn, frame, { kind: "unreact", emoji: frame.emoji });
    },
    async typing(conn, frame) {
      if (!conn.rooms.has(frame.room_id)) {
        throw new ChatError("not_member", `You are not a member of room "${frame.room_id}"`);
      }
      await deps.publish.typing(frame.room_id, {
        id: conn.user!.id,
        username: conn.user!.username,
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
