/**
 * Messages of rooms: sending (with replies and threads), edit, delete, reactions, history,
 * threads, the event stream and read markers. Every change is published as an event only after
 * it is durably stored with its seq.
 *
 * @module
 */
import {
  ChatError,
  Emoji,
  type EventPage,
  type EventsQuery,
  type HistoryPage,
  type HistoryQuery,
  type Message,
  type MessageKind,
  type ReadResponse,
  type RoomEvent,
  type UserRef,
} from "../../shared/mod.ts";
import type { EventPublisher } from "../events/event_publisher.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { RoomService } from "../rooms/room_service.ts";
import { postedEvent } from "../store/event_store.ts";
import type { ActionResult, MessageAction } from "../store/message_actions.ts";
import type { PageRequest } from "../store/message_store.ts";
import type { Store } from "../store/store.ts";
import { pageAround } from "./page_around.ts";
import { checkAction } from "./action_rules.ts";

/** A message as the sender submits it (already validated against shared/ schemas). */
export interface Outgoing {
  roomId: string;
  clientMsgId: string;
  kind: MessageKind;
  text: string;
  /** A message of the same room this one answers. */
  replyTo?: string | undefined;
  /** A timeline message of the same room, in whose thread this one is posted. */
  threadRootId?: string | undefined;
}

/** An action on a message, without its actor. */
export type Action = DistributiveOmit<MessageAction, "userId">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What an action did: the message in its current state and the event's seq (null: no change). */
export interface ActionOutcome {
  message: Message;
  seq: number | null;
}

/** Messages of rooms. */
export interface MessageService {
  /**
   * Stores and delivers a message. A repeated `clientMsgId` from the same sender in the same room
   * stores nothing and returns the original (`duplicate: true`).
   * @throws {ChatError} `room_not_found`, `not_member` (a public room not joined),
   * `message_not_found` (`reply_to` or `thread_root_id` not in the room), `message_deleted`,
   * `invalid_request` (a thread root that is itself a thread reply)
   */
  send(sender: UserRef, message: Outgoing): Promise<{ message: Message; duplicate: boolean }>;
  /**
   * Edits, deletes, reacts or unreacts (rules in `action_rules.ts`). A repeated
   * `clientEventId` applies nothing and answers with the first answer's seq and the message's
   * current state.
   * @throws {ChatError} `invalid_request` (an emoji that is not exactly one), and see
   * `checkAction`
   */
  act(user: UserRef, action: Action): Promise<ActionOutcome>;
  /**
   * Erases a departing user (account deletion, issue 13): each of their messages becomes a
   * tombstone and each of their reactions goes, by the same delete and unreact as `act`, each
   * with its own `message_deleted` or `reaction_removed` event, so that a client resuming from any
   * seq learns of it. One transaction per message, each holding its room's lock only briefly,
   * so the time is linear in the user's messages: 16 s for 1,000 on embedded PGlite on a loaded
   * 2-core machine (the request waits for it). The author's right to erase needs no
   * membership (rooms they left included).
   * @returns how many actions changed something
   */
  eraseAuthor(userId: string): Promise<number>;
  /** The room's timeline (no thread replies). @throws {ChatError} `room_not_found` */
  history(userId: string, roomId: string, query: HistoryQuery): Promise<HistoryPage>;
  /**
   * The replies in the thread of `rootId`.
   * @throws {ChatError} `room_not_found`, `message_not_found`
   */
  thread(userId: string, roomId: string, rootId: string, query: HistoryQuery): Promise<HistoryPage>;
  /** The room's events after `after_seq`. @throws {ChatError} `room_not_found` */
  events(userId: string, roomId: string, query: EventsQuery): Promise<EventPage>;
  /**
   * Moves my read marker; my connections on every instance get `read_marker`.
   * @throws {ChatError} `room_not_found`, `not_member`
   */
  markRead(userId: string, roomId: string, seq: number): Promise<ReadResponse>;
}

/** What the message service needs. */
export interface MessageServiceDeps {
  store: Store;
  publish: EventPublisher;
  rooms: RoomService;
  metrics: Metrics;
}

/** Creates the message service. */
export function createMessageService(
  { store, publish, rooms, metrics }: MessageServiceDeps,
): MessageService {
  /** Explains why the store refused: the room is invisible (404) or public but not joined (403). */
  async function refusal(userId: string, roomId: string): Promise<ChatError> {
    const { room } = await rooms.visible(userId, roomId);
    return new ChatError(
      "not_member",
      `You are not a member of room "${room.name}": join it first`,
    );
  }

  /** Checks that `reply_to` and `thread_root_id` name fitting messages of the room. */
  async function checkReferences(m: Outgoing): Promise<void> {
    const ids = [m.replyTo, m.threadRootId].filter((id): id is string => id !== undefined);
    if (ids.length === 0) return;
    const found = new Map((await store.messages.byIds(ids)).map((x) => [x.id, x]));
    for (const [field, id] of [["reply_to", m.replyTo], ["thread_root_id", m.threadRootId]]) {
      if (id === undefined) continue;
      const target = found.get(id);
      if (!target || target.room_id !== m.roomId) {
        throw new ChatError("message_not_found", `${field}: message "${id}" is not in this room`);
      }
      if (target.deleted) {
        throw new ChatError("message_deleted", `${field}: message "${id}" was deleted`);
      }
    }
    if (m.threadRootId && found.get(m.threadRootId)!.thread_root_id !== null) {
      throw new ChatError(
        "invalid_request",
        "thread_root_id: the message is a reply in a thread; answer in the thread of its root",
      );
    }
  }

  /** Publishes the event an action stored, if it changed something; returns it. */
  async function published(done: ActionResult): Promise<RoomEvent | null> {
    if (done.seq === null || done.repeated) return null;
    const [event] = await store.events.range(done.roomId, done.seq - 1, done.seq + 1, 1);
    if (!event) return null;
    await publish.room(event);
    return event;
  }

  async function member(userId: string, roomId: string): Promise<void> {
    const { membership } = await rooms.visible(userId, roomId);
    if (!membership) throw await refusal(userId, roomId);
  }

  return {
    async send(sender, m) {
      try {
        await checkReferences(m);
      } catch (err) {
        // A retry of a send stored before its target changed answers as the first time; a
        // non-member learns nothing of the room's messages.
        const original = await store.messages.findByKey(m.roomId, sender.id, m.clientMsgId);
        if (original) return { message: original, duplicate: true };
        await member(sender.id, m.roomId);
        throw err;
      }
      const result = await store.messages.append({
        roomId: m.roomId,
        senderId: sender.id,
        clientMsgId: m.clientMsgId,
        kind: m.kind,
        text: m.text,
        replyTo: m.replyTo,
        threadRootId: m.threadRootId,
      });
      if (result.status === "rejected") throw await refusal(sender.id, m.roomId);
      if (result.status === "stored") {
        metrics.messagesStored.inc();
        const rootId = result.message.thread_root_id;
        const [root] = rootId ? await store.messages.byIds([rootId]) : [];
        await publish.room(postedEvent(result.message, root ?? null));
      }
      return { message: result.message, duplicate: result.status === "duplicate" };
    },
    async act(user, action) {
      if ("emoji" in action && !Emoji.safeParse(action.emoji).success) {
        throw new ChatError("invalid_request", "emoji: must be exactly one emoji");
      }
      const full = { ...action, userId: user.id } as MessageAction;
      const done = await store.actions.apply(full, (state) => checkAction(full, state));
      const event = await published(done);
      if (event && "message" in event) return { message: event.message, seq: done.seq };
      const [message] = await store.messages.byIds([done.messageId]);
      return { message: message!, seq: done.seq };
    },
    async eraseAuthor(userId) {
      let changed = 0;
      for (const action of await store.actions.footprint(userId)) {
        const done = await store.actions.apply(action, (state) => {
          if (action.kind === "delete" && state.message?.senderId !== userId) {
            throw new ChatError("forbidden", "Only its author may erase a message");
          }
        });
        if (await published(done)) changed++;
      }
      return changed;
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
    async thread(userId, roomId, rootId, query) {
      await rooms.visible(userId, roomId);
      const [root] = await store.messages.byIds([rootId]);
      if (!root || root.room_id !== roomId) {
        throw new ChatError("message_not_found", `Message "${rootId}" is not in this room`);
      }
      const read = (request: PageRequest) =>
        store.messages.page(roomId, { ...request, threadRootId: rootId });
      if (query.around_seq !== undefined) return await pageAround(read, query);
      return await read({
        beforeSeq: query.before_seq,
        afterSeq: query.after_seq,
        limit: query.limit,
      });
    },
    async events(userId, roomId, { after_seq, limit }) {
      const { room } = await rooms.visible(userId, roomId);
      const events = await store.events.range(roomId, after_seq, Number.MAX_SAFE_INTEGER, limit);
      const last = events.at(-1)?.seq ?? after_seq;
      const lastSeq = Math.max(room.last_seq, last);
      return { events, has_more: last < lastSeq, last_seq: lastSeq };
    },
    async markRead(userId, roomId, seq) {
      const marked = await store.readMarkers.markRead(roomId, userId, seq);
      if (!marked) throw await refusal(userId, roomId);
      const marker = {
        room_id: roomId,
        last_read_seq: marked.lastReadSeq,
        unread_count: marked.unreadCount,
      };
      await publish.readMarker(userId, marker);
      return marker;
    },
  };
}
