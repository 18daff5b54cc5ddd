/**
 * Chat messages, history pages and read markers.
 *
 * Every message has a per-room sequence number `seq`: gapless and strictly increasing within its
 * room, assigned when the message is stored. History is paged by keyset pagination on `seq`.
 *
 * @module
 */
import { z } from "zod";
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT, MESSAGE_MAX_LENGTH } from "./limits.ts";
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

/** A per-room sequence number: 1 for a room's first message. */
export const Seq = z.number().int().nonnegative();

/** A stored message. */
export const Message = z.object({
  id: z.uuid(),
  room_id: z.uuid(),
  seq: Seq,
  sender: UserRef,
  kind: MessageKind,
  text: z.string(),
  client_msg_id: z.uuid(),
  created_at: z.iso.datetime({ offset: true }),
}).meta({ id: "Message" });
/** `{id, room_id, seq, sender, kind, text, client_msg_id, created_at}` */
export type Message = z.infer<typeof Message>;

/** `POST /rooms/:id/messages` body. `client_msg_id` is the sender's idempotency key. */
export const SendMessageBody = z.object({
  text: MessageText,
  client_msg_id: z.uuid(),
  kind: MessageKind.default("text"),
}).meta({ id: "SendMessageBody" });
/** `{text, client_msg_id, kind?}` */
export type SendMessageBody = z.input<typeof SendMessageBody>;

/** `POST /rooms/:id/messages` response. */
export const MessageResponse = z.object({ message: Message }).meta({ id: "MessageResponse" });
/** `{message}` */
export type MessageResponse = z.infer<typeof MessageResponse>;

/**
 * A number in a query string, checked by `schema`. Not `z.coerce.number()`: it turns null into 0,
 * so a non-negative one accepts null and the OpenAPI document would call the parameter nullable.
 */
function queryNumber<T extends z.ZodNumber>(schema: T) {
  return z.preprocess((v) => typeof v === "string" && v.trim() !== "" ? Number(v) : v, schema);
}

/**
 * `GET /rooms/:id/messages` query. With `after_seq`, the page starts just after it and goes
 * forward; otherwise it ends just before `before_seq` (or at the newest message) and goes back.
 */
export const HistoryQuery = z.object({
  before_seq: queryNumber(z.number().int().positive()).optional(),
  after_seq: queryNumber(z.number().int().nonnegative()).optional(),
  limit: queryNumber(z.number().int().min(1).max(HISTORY_MAX_LIMIT)).default(HISTORY_DEFAULT_LIMIT),
});
/** Parsed history query. */
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** A history page: messages in ascending `seq`; `has_more` when the page was cut by `limit`. */
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

/** `POST /rooms/:id/read` response. */
export const ReadResponse = z.object({
  room_id: z.uuid(),
  last_read_seq: Seq,
  unread_count: z.number().int().nonnegative(),
}).meta({ id: "ReadResponse" });
/** `{room_id, last_read_seq, unread_count}` */
export type ReadResponse = z.infer<typeof ReadResponse>;
