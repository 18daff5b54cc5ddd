/**
 * Sending messages, reading history and moving read markers. A message is published to the
 * room's channel only after it is durably stored.
 *
 * @module
 */
import {
  ChatError,
  type HistoryPage,
  type HistoryQuery,
  type Message,
  type MessageKind,
  type ReadResponse,
  type UserRef,
} from "../../shared/mod.ts";
import { type Bus, roomChannel } from "../bus/bus.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { RoomService } from "../rooms/room_service.ts";
import type { Store } from "../store/store.ts";
import { pageAround } from "./page_around.ts";

/** A message as the sender submits it (already validated against shared/ schemas). */
export interface Outgoing {
  roomId: string;
  clientMsgId: string;
  kind: MessageKind;
  text: string;
}

/** Messages of rooms. */
export interface MessageService {
  /**
   * Stores and delivers a message. A repeated `clientMsgId` from the same sender in the same room
   * stores nothing and returns the original (`duplicate: true`).
   * @throws {ChatError} `room_not_found`, `not_member` (a public room not joined)
   */
  send(sender: UserRef, message: Outgoing): Promise<{ message: Message; duplicate: boolean }>;
  /** @throws {ChatError} `room_not_found` */
  history(userId: string, roomId: string, query: HistoryQuery): Promise<HistoryPage>;
  /** @throws {ChatError} `room_not_found`, `not_member` */
  markRead(userId: string, roomId: string, seq: number): Promise<ReadResponse>;
}

/** What the message service needs. */
export interface MessageServiceDeps {
  store: Store;
  bus: Bus;
  rooms: RoomService;
  metrics: Metrics;
}

/** Creates the message service. */
export function createMessageService(
  { store, bus, rooms, metrics }: MessageServiceDeps,
): MessageService {
  /** Explains why the store refused: the room is invisible (404) or public but not joined (403). */
  async function refusal(userId: string, roomId: string): Promise<ChatError> {
    const { room } = await rooms.visible(userId, roomId);
    return new ChatError(
      "not_member",
      `You are not a member of room "${room.name}": join it first`,
    );
  }

  return {
    async send(sender, m) {
      const result = await store.messages.append({
        roomId: m.roomId,
        senderId: sender.id,
        clientMsgId: m.clientMsgId,
        kind: m.kind,
        text: m.text,
      });
      if (result.status === "rejected") throw await refusal(sender.id, m.roomId);
      if (result.status === "stored") {
        metrics.messagesStored.inc();
        await bus.publish(roomChannel(m.roomId), {
          kind: "frame",
          frame: { type: "message", message: result.message },
        });
      }
      return { message: result.message, duplicate: result.status === "duplicate" };
    },
    async history(userId, roomId, query) {
      await rooms.visible(userId, roomId);
      if (query.around_seq !== undefined) {
        return await pageAround((request) => store.messages.page(roomId, request), query);
      }
      return await store.messages.page(roomId, {
        beforeSeq: query.before_seq,
        afterSeq: query.after_seq,
        limit: query.limit,
      });
    },
    async markRead(userId, roomId, seq) {
      const marked = await store.messages.markRead(roomId, userId, seq);
      if (!marked) throw await refusal(userId, roomId);
      return {
        room_id: roomId,
        last_read_seq: marked.lastReadSeq,
        unread_count: marked.unreadCount,
      };
    },
  };
}
