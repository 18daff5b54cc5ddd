/**
 * Chat messages, history pages and read markers.
 *
 * Every message is posted by an event of its room's stream (see `events.ts`) and carries that
 * event's `seq`. A message always travels in its current state: edits replace `text` and set
 * `edited_at`, a delete leaves a tombstone (`deleted: true`, `text` erased), reactions are
 * counted per emoji. History is paged by keyset pagination on `seq`.
 *
 * Threads: a message with `thread_root_id` is a reply in the thread of that root message. The
 * room's timeline (`GET /rooms/:id/messages`) shows only messages outside threads, roots with
 * their `reply_count` and `last_reply_at`; a thread is paged on its own.
 *
 * @module
 */
import { z } from "zod";
import {
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  MESSAGE_MAX_LENGTH,
  REPLY_PREVIEW_LENGTH,
} from "./limits.ts";
import { orNull } from "./nullable.ts";
import { Reaction } from "./reactions.ts";
import { userText } from "./text.ts";
import { UserRef } from "./users.ts";

/**
 * Message text: trimmed, then 1–4096 Unicode code points, with no control characters other than
 * tab and newline (see `text.ts`).
 */
export const MessageText = userText().trim().min(1, "must not be empty").refine(
  (text) => [...text].length <= MESSAGE_MAX_LENGTH,
  `must be at most ${MESSAGE_MAX_LENGTH} characters`,
);

/** `text` is an ordinary message, `action` is an IRC-style `/me` action. */
export const MessageKind = z.enum(["text", "action"]);
/** `"text" | "action"` */
export type MessageKind = z.infer<typeof MessageKind>;

/** A per-room sequence number of the room's event stream: 1 for a room's first event. */
export const Seq = z.number().int().nonnegative();

/**
 * A client-generated UUID naming one action (send, edit, delete, react, unreact). Repeating an
 * action with the same key, over WebSocket or HTTP, applies it once and answers as the first time.
 */
export const ClientEventId = z.uuid();

const Timestamp = z.iso.datetime({ offset: true });

/**
 * What a reply shows of the message it answers: the first {@linkcode REPLY_PREVIEW_LENGTH}
 * characters of its current text, or `deleted: true` and an empty `text` once it is deleted.
 */
export const ReplyPreview = z.object({
  id: z.uuid(),
  sender: UserRef,
  text: z.string(),
  deleted: z.boolean(),
}).meta({ id: "ReplyPreview" });
/** `{id, sender, text, deleted}` */
export type ReplyPreview = z.infer<typeof ReplyPreview>;

/** A message in its current state. */
export const Message = z.object({
  id: z.uuid(),
  room_id: z.uuid(),
  /** The seq of the event that posted it. */
  seq: Seq,
  sender: UserRef,
  kind: MessageKind,
  /** The current text; empty once deleted (the text is erased from storage, not hidden). */
  text: z.string(),
  client_msg_id: z.uuid(),
  created_at: Timestamp,
  /** When the text was last edited; null until then. */
  edited_at: Timestamp.nullable(),
  /** A tombstone: `id`, `seq`, `sender` and `created_at` stay, `text` and reactions are gone. */
  deleted: z.boolean(),
  /** One entry per emoji, in the order each emoji was first used. */
  reactions: z.array(Reaction),
  /** The message this one answers, in its current state; null when it answers none. */
  reply_to: orNull(ReplyPreview),
  /** The root of the thread this message is a reply in; null for a message of the timeline. */
  thread_root_id: z.uuid().nullable(),
  /** On a thread root, its replies that are not deleted; 0 elsewhere. */
  reply_count: z.number().int().nonnegative(),
  /** On a thread root, when its newest reply was posted; null when it has none. */
  last_reply_at: Timestamp.nullable(),
}).meta({ id: "Message" });
/** A message in its current state; see {@linkcode Message}. */
export type Message = z.infer<typeof Message>;

/**
 * The preview a reply shows of `message`. Clients apply it to the replies they hold when the
 * quoted message is edited or deleted, so their `reply_to` stays what history returns.
 *
 * @example Previewing a long message
 * ```ts
 * import { replyPreviewOf } from "./messages.ts";
 * const preview = replyPreviewOf({
 *   id: "0b7e4b5e-3f1c-4d55-9a36-2a8d0ad3c6a1",
 *   sender: { id: "5d0a3f9e-8a9c-4c1e-a6f7-5b1b1f7c2d11", username: "alice" },
 *   text: "x".repeat(300),
 *   deleted: false,
 * });
 * console.log(preview.text.length); // 100
 * ```
 */
export function replyPreviewOf(
  message: Pick<Message, "id" | "sender" | "text" | "deleted">,
): ReplyPreview {
  return {
    id: message.id,
    sender: message.sender,
    text: message.deleted ? "" : [...message.text].slice(0, REPLY_PREVIEW_LENGTH).join(""),
    deleted: message.deleted,
  };
}

/**
 * `POST /rooms/:id/messages` body. `client_msg_id` is the sender's idempotency key; `reply_to`
 * quotes a message of the room; `thread_root_id` posts into the thread of a timeline message.
 */
export const SendMessageBody = z.object({
  text: MessageText,
  client_msg_id: z.uuid(),
  kind: MessageKind.default("text"),
  reply_to: z.uuid().optional(),
  thread_root_id: z.uuid().optional(),
}).meta({ id: "SendMessageBody" });
/** `{text, client_msg_id, kind?, reply_to?, thread_root_id?}` */
export type SendMessageBody = z.input<typeof SendMessageBody>;

/** `PATCH /rooms/:id/messages/:message_id` body: the new text, from the author only. */
export const EditMessageBody = z.object({
  text: MessageText,
  client_event_id: ClientEventId,
}).meta({ id: "EditMessageBody" });
/** `{text, client_event_id}` */
export type EditMessageBody = z.infer<typeof EditMessageBody>;

/**
 * Query of `DELETE /rooms/:id/messages/:message_id` and of both reaction routes: the action's
 * idempotency key. Without it the action is still idempotent by its target (a message deleted
 * twice, a reaction added twice), but a repeat may then answer with a later state.
 */
export const ClientEventQuery = z.object({ client_event_id: ClientEventId.optional() });
/** `{client_event_id?}` */
export type ClientEventQuery = z.infer<typeof ClientEventQuery>;

/** `POST /rooms/:id/messages`, `PATCH` of a message and both reaction routes respond with it. */
export const MessageResponse = z.object({ message: Message }).meta({ id: "MessageResponse" });
/** `{message}` */
export type MessageResponse = z.infer<typeof MessageResponse>;

/**
 * A number in a query string, checked by `schema`. Not `z.coerce.number()`: it turns null into 0,
 * so a non-negative one accepts null and the OpenAPI document would call the parameter nullable.
 */
export function queryNumber<T extends z.ZodNumber>(schema: T) {
  return z.preprocess((v) => typeof v === "string" && v.trim() !== "" ? Number(v) : v, schema);
}

/**
 * `GET /rooms/:id/messages` and `GET /rooms/:id/threads/:root_id/messages` query. With
 * `after_seq`, the page starts just after it and goes forward; otherwise it ends just before
 * `before_seq` (or at the newest message) and goes back. With `around_seq` (alone, on the room's
 * timeline) the page is centred on that seq: up to half of `limit` up to and including it, the
 * rest after it; `has_more` then says either side was cut.
 */
export const HistoryQuery = z.object({
  before_seq: queryNumber(z.number().int().positive()).optional(),
  after_seq: queryNumber(z.number().int().nonnegative()).optional(),
  around_seq: queryNumber(z.number().int().positive()).optional(),
  limit: queryNumber(z.number().int().min(1).max(HISTORY_MAX_LIMIT)).default(HISTORY_DEFAULT_LIMIT),
});
/** Parsed history query. */
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/**
 * A history page: messages in their current state (tombstones included), ascending `seq`;
 * `has_more` when the page was cut by `limit`.
 */
export const HistoryPage = z.object({
  messages: z.array(Message),
  has_more: z.boolean(),
}).meta({ id: "HistoryPage" });
/** `{messages, has_more}` */
export type HistoryPage = z.infer<typeof HistoryPage>;

/** `POST /rooms/:id/read` body: everything up to and including `seq` has been read. */
export const ReadBody = z.object({ seq: Seq }).meta({ id: "ReadBody" });
/** `{seq}` */
export type ReadBody = z.infer<typeof ReadBody>;

/**
 * A read marker and the unread count it leaves: messages by others after `last_read_seq` that
 * are neither deleted nor thread replies (edits, reactions and membership changes never count).
 */
export const ReadMarker = z.object({
  room_id: z.uuid(),
  last_read_seq: Seq,
  unread_count: z.number().int().nonnegative(),
}).meta({ id: "ReadMarker" });
/** `{room_id, last_read_seq, unread_count}` */
export type ReadMarker = z.infer<typeof ReadMarker>;

/** `POST /rooms/:id/read` response: the marker after the move. */
export const ReadResponse = ReadMarker;
/** `{room_id, last_read_seq, unread_count}` */
export type ReadResponse = ReadMarker;
