/**
 * The room event stream. Everything that changes a room is an event with the room's next `seq`:
 * gapless and strictly increasing within the room, assigned in the same transaction that applies
 * the change. A client holding seq N can always ask for everything after N (`resume` in `hello`,
 * or `GET /rooms/:id/events?after_seq=N`) and, applying the events in order, holds exactly the
 * state that history shows.
 *
 * Applying an event: each one that concerns a message carries it in its full current state, so a
 * client replaces the message it holds by `id` (and, for `thread_root`, the root too) and never
 * re-derives it. When the message is quoted by replies the client holds, their `reply_to`
 * becomes {@linkcode replyPreviewOf} the new state. Replayed events (resume, the events route)
 * carry the message as it is now, not as it was then: deleted text is gone everywhere.
 *
 * `room_deleted` ends the stream; it is delivered live but not kept.
 *
 * @module
 */
import { z } from "zod";
import { EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT } from "./limits.ts";
import { Message, queryNumber, replyPreviewOf, Seq } from "./messages.ts";
import { orNull } from "./nullable.ts";
import { Room } from "./rooms.ts";
import { UserRef } from "./users.ts";

/** Fields of every event: its room, its position, who caused it and when. */
const eventBase = {
  room_id: z.uuid(),
  seq: Seq,
  /** The user whose action this is (the author, reactor, joining user or owner). */
  actor: UserRef,
  created_at: z.iso.datetime({ offset: true }),
};

/** A message was posted; `thread_root` is the root's new state when it is a thread reply. */
export const MessagePostedEvent = z.object({
  type: z.literal("message_posted"),
  ...eventBase,
  message: Message,
  thread_root: orNull(Message),
}).meta({ id: "MessagePostedEvent" });
/** A message's text was edited by its author. */
export const MessageEditedEvent = z.object({
  type: z.literal("message_edited"),
  ...eventBase,
  message: Message,
}).meta({ id: "MessageEditedEvent" });
/**
 * A message was deleted by its author or the room's owner: `message` is its tombstone;
 * `thread_root` is the root's new state when it was a thread reply.
 */
export const MessageDeletedEvent = z.object({
  type: z.literal("message_deleted"),
  ...eventBase,
  message: Message,
  thread_root: orNull(Message),
}).meta({ id: "MessageDeletedEvent" });
/** `actor` reacted to `message` with `emoji`; `message` carries the new counts. */
export const ReactionAddedEvent = z.object({
  type: z.literal("reaction_added"),
  ...eventBase,
  emoji: z.string(),
  message: Message,
}).meta({ id: "ReactionAddedEvent" });
/** `actor` took back their `emoji` reaction to `message`. */
export const ReactionRemovedEvent = z.object({
  type: z.literal("reaction_removed"),
  ...eventBase,
  emoji: z.string(),
  message: Message,
}).meta({ id: "ReactionRemovedEvent" });
/** `user` joined (a public room, or created the room); `room` is its current state. */
export const MemberJoinedEvent = z.object({
  type: z.literal("member_joined"),
  ...eventBase,
  user: UserRef,
  room: Room,
}).meta({ id: "MemberJoinedEvent" });
/** `user` left the room; `room` is its current state (its owner may have changed). */
export const MemberLeftEvent = z.object({
  type: z.literal("member_left"),
  ...eventBase,
  user: UserRef,
  room: Room,
}).meta({ id: "MemberLeftEvent" });
/** The owner (`actor`) added `user` to the room, or a direct room was opened with `user`. */
export const MemberAddedEvent = z.object({
  type: z.literal("member_added"),
  ...eventBase,
  user: UserRef,
  room: Room,
}).meta({ id: "MemberAddedEvent" });
/** The owner changed the room's name, topic or visibility; `room` is its new state. */
export const RoomUpdatedEvent = z.object({
  type: z.literal("room_updated"),
  ...eventBase,
  room: Room,
}).meta({ id: "RoomUpdatedEvent" });
/** The owner deleted the room: the last event of its stream. */
export const RoomDeletedEvent = z.object({
  type: z.literal("room_deleted"),
  ...eventBase,
  room: Room,
}).meta({ id: "RoomDeletedEvent" });

/** Any event of a room's stream. */
export const RoomEvent = z.discriminatedUnion("type", [
  MessagePostedEvent,
  MessageEditedEvent,
  MessageDeletedEvent,
  ReactionAddedEvent,
  ReactionRemovedEvent,
  MemberJoinedEvent,
  MemberLeftEvent,
  MemberAddedEvent,
  RoomUpdatedEvent,
  RoomDeletedEvent,
]).meta({ id: "RoomEvent" });
/** An event of a room's stream. */
export type RoomEvent = z.infer<typeof RoomEvent>;
/** The `type` of a room event. */
export type RoomEventType = RoomEvent["type"];

/** `GET /rooms/:id/events` query: events with `seq > after_seq`, at most `limit`. */
export const EventsQuery = z.object({
  after_seq: queryNumber(z.number().int().nonnegative()).default(0),
  limit: queryNumber(z.number().int().min(1).max(EVENTS_MAX_LIMIT)).default(EVENTS_DEFAULT_LIMIT),
});
/** Parsed events query. */
export type EventsQuery = z.infer<typeof EventsQuery>;

/**
 * `GET /rooms/:id/events` response: events in ascending `seq`, what `resume` replays; `has_more`
 * when cut by `limit` (ask again after the last `seq`). `last_seq` is the room's newest seq.
 */
export const EventPage = z.object({
  events: z.array(RoomEvent),
  has_more: z.boolean(),
  last_seq: Seq,
}).meta({ id: "EventPage" });
/** `{events, has_more, last_seq}` */
export type EventPage = z.infer<typeof EventPage>;

/**
 * Applies an event's message to a list of messages a client holds, as the module doc describes:
 * the message (and thread root) replace those with the same id, and replies quoting either get
 * the new preview. Messages not held are not added: where a new message goes is the client's
 * choice (timeline or thread).
 *
 * @example Applying an edit
 * ```ts
 * import { applyMessageChanges } from "./events.ts";
 * const held = applyMessageChanges([], []);
 * console.log(held.length); // 0
 * ```
 */
export function applyMessageChanges(
  held: readonly Message[],
  changed: readonly Message[],
): Message[] {
  const byId = new Map(changed.map((m) => [m.id, m]));
  return held.map((m) => {
    const next = byId.get(m.id) ?? m;
    const quoted = next.reply_to && byId.get(next.reply_to.id);
    return quoted ? { ...next, reply_to: replyPreviewOf(quoted) } : next;
  });
}
