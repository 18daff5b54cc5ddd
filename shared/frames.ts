/**
 * WebSocket frames of `GET /api/v1/ws`. Every frame is one JSON text message.
 *
 * The client's first frame is `hello` with an access token; the server answers `welcome` and then
 * delivers the events of every room the user belongs to. See {@linkcode CLOSE_CODES} for how a
 * connection ends.
 *
 * Each frame schema's `description` metadata is the sentence the README's frame tables show
 * (`deno task docs` writes them), so a frame and its documentation change in one place.
 *
 * @module
 */
import { z } from "zod";
import { ErrorCode } from "./errors.ts";
import { HELLO_TIMEOUT_MS, RESUME_MAX_MESSAGES } from "./limits.ts";
import { RoomEvent } from "./events.ts";
import { ClientEventId, MessageKind, MessageText, ReadMarker, Seq } from "./messages.ts";
import { Emoji } from "./reactions.ts";
import { User, UserRef } from "./users.ts";

/**
 * Version of this frame protocol, sent in `welcome`. 2: every change to a room is an `event` with
 * its room `seq`; edit, delete, react and unreact; replies and threads; `read_marker`.
 */
export const PROTOCOL_VERSION = 2;

/**
 * `hello`: authenticates the connection; must be the first frame. `resume` maps room ids to the
 * highest seq the client holds: the server first replays every newer event of those rooms, in
 * order, then sends `synced`, and only then live events of the room. A seq beyond the room's
 * newest is taken as the newest.
 */
export const HelloFrame = z.object({
  type: z.literal("hello"),
  token: z.string().min(1),
  resume: z.record(z.uuid(), Seq).optional(),
}).meta({
  description: `First frame, within ${HELLO_TIMEOUT_MS / 1000} s. ` +
    "`resume` maps room ids to the last `seq` held: those rooms are replayed first.",
});
/**
 * `send`: store a message; acknowledged with `ack` once durable. `reply_to` quotes a message of
 * the room; `thread_root_id` posts into the thread of a timeline message.
 */
export const SendFrame = z.object({
  type: z.literal("send"),
  room_id: z.uuid(),
  client_msg_id: z.uuid(),
  text: MessageText,
  kind: MessageKind.default("text"),
  reply_to: z.uuid().optional(),
  thread_root_id: z.uuid().optional(),
}).meta({
  description: "Stores a message, optionally `reply_to` a message or in the thread of " +
    "`thread_root_id`; answered with `ack` once stored.",
});
/** `edit`: the author replaces a message's text. */
export const EditFrame = z.object({
  type: z.literal("edit"),
  room_id: z.uuid(),
  message_id: z.uuid(),
  client_event_id: ClientEventId,
  text: MessageText,
}).meta({
  description: "Replaces the text of my message; answered with `ack`.",
});
/** `delete`: the author, or the room's owner, deletes a message (its text is erased). */
export const DeleteFrame = z.object({
  type: z.literal("delete"),
  room_id: z.uuid(),
  message_id: z.uuid(),
  client_event_id: ClientEventId,
}).meta({
  description: "Deletes my message, or any message of a room I own; answered with `ack`.",
});
/** `react`: adds my reaction with `emoji` (one per user, message and emoji). */
export const ReactFrame = z.object({
  type: z.literal("react"),
  room_id: z.uuid(),
  message_id: z.uuid(),
  client_event_id: ClientEventId,
  emoji: Emoji,
}).meta({
  description: "Reacts to a message with one emoji; answered with `ack`.",
});
/** `unreact`: takes back my reaction with `emoji`. */
export const UnreactFrame = z.object({
  type: z.literal("unreact"),
  room_id: z.uuid(),
  message_id: z.uuid(),
  client_event_id: ClientEventId,
  emoji: Emoji,
}).meta({
  description: "Takes back my reaction with `emoji`; answered with `ack`.",
});
/** `typing`: the user is typing in a room. */
export const TypingFrame = z.object({ type: z.literal("typing"), room_id: z.uuid() }).meta({
  description: "I am typing in a room; the other members get `typing`.",
});
/** `read`: everything up to and including `seq` has been read. */
export const ReadFrame = z.object({ type: z.literal("read"), room_id: z.uuid(), seq: Seq }).meta({
  description: "Moves my read marker up to and including `seq`; my other connections get " +
    "`read_marker`.",
});
/** `ping`: answered with `pong`. */
export const PingFrame = z.object({ type: z.literal("ping") }).meta({
  description: "Answered with `pong`.",
});

/** Any frame a client may send, in the order the README's table lists them. */
export const ClientFrame = z.discriminatedUnion("type", [
  HelloFrame,
  SendFrame,
  EditFrame,
  DeleteFrame,
  ReactFrame,
  UnreactFrame,
  TypingFrame,
  ReadFrame,
  PingFrame,
]);
/** A parsed client frame. */
export type ClientFrame = z.infer<typeof ClientFrame>;
/** A client frame as written by a client (optional fields may be left out). */
export type ClientFrameInput = z.input<typeof ClientFrame>;
/** The `type` of a client frame. */
export type ClientFrameType = ClientFrame["type"];
/** The client frame types, for telling an unknown type from a malformed frame. */
export const CLIENT_FRAME_TYPES: readonly ClientFrameType[] = ClientFrame.options.map((o) =>
  o.shape.type.value
);

/** `welcome`: the connection is authenticated; `read_markers` has one entry per room of mine. */
export const WelcomeFrame = z.object({
  type: z.literal("welcome"),
  user: User,
  protocol: z.literal(PROTOCOL_VERSION),
  read_markers: z.array(ReadMarker),
}).meta({
  description: "Answers a valid `hello` with my read marker and unread count in each of my " +
    "rooms; the events of all my rooms follow.",
});
/**
 * `event`: an event of one of my rooms, with its room `seq`. Each room's events arrive once, in
 * seq order, without gaps from the point the connection holds (see `events.ts`).
 */
export const EventFrame = z.object({ type: z.literal("event"), event: RoomEvent }).meta({
  description: "An event of one of my rooms, in seq order, once; a changed message comes in " +
    "its full current state.",
});
/**
 * `ack`: the action of a `send`, `edit`, `delete`, `react` or `unreact` frame is durably applied.
 * `ref` is the frame's `client_msg_id` or `client_event_id`; `seq` the event it produced, null
 * when it changed nothing (a reaction already there, a message already deleted). A repeated key
 * is answered with the first answer.
 */
export const AckFrame = z.object({
  type: z.literal("ack"),
  ref: z.uuid(),
  room_id: z.uuid(),
  message_id: z.uuid(),
  seq: Seq.nullable(),
}).meta({
  description: "To the connection that sent an action, once applied; `ref` is its " +
    "`client_msg_id` or `client_event_id`.",
});
/** `read_marker`: one of my connections moved my read marker in a room. */
export const ReadMarkerFrame = z.object({ type: z.literal("read_marker"), ...ReadMarker.shape })
  .meta({
    description: "My read marker moved (on any of my connections): the new `last_read_seq` " +
      "and `unread_count` of the room.",
  });
/** `typing`: another member is typing. */
export const TypingEventFrame = z.object({
  type: z.literal("typing"),
  room_id: z.uuid(),
  user: UserRef,
}).meta({
  description: "To the other members of the room.",
});
/**
 * `error`: a frame failed; `ref` is the offending `client_msg_id` or `client_event_id` when there
 * is one. A `rate_limited` error carries `retry_after_ms`: the frame may be sent again after that
 * long.
 */
export const ErrorFrame = z.object({
  type: z.literal("error"),
  code: ErrorCode,
  message: z.string(),
  ref: z.string().optional(),
  retry_after_ms: z.number().int().nonnegative().optional(),
}).meta({
  description: "A frame failed; `ref` is its `client_msg_id` or `client_event_id`, if any; " +
    "`retry_after_ms`: when a `rate_limited` one may be retried.",
});
/**
 * `presence`: a user who shares a room with you came online (their first connection on any
 * instance) or went offline (their last one closed, or stopped answering for the presence TTL).
 */
export const PresenceFrame = z.object({
  type: z.literal("presence"),
  user_id: z.uuid(),
  username: z.string(),
  status: z.enum(["online", "offline"]),
}).meta({
  description: "Someone sharing a room with me came online or went offline.",
});
/** `pong`: the answer to `ping`. */
export const PongFrame = z.object({ type: z.literal("pong") }).meta({
  description: "Answers `ping`.",
});
/**
 * `synced`: the replay of a resumed room is complete up to `seq`. With `truncated`, more than
 * `RESUME_MAX_MESSAGES` events were missing and only the newest were sent: fetch the others
 * through `GET /rooms/:id/events`, or reload the room's history.
 */
export const SyncedFrame = z.object({
  type: z.literal("synced"),
  room_id: z.uuid(),
  seq: Seq,
  truncated: z.boolean(),
}).meta({
  description: "A resumed room is replayed up to `seq`. `truncated`: more than " +
    `${RESUME_MAX_MESSAGES} events were missing and only the newest were sent.`,
});

/** Any frame the server may send, in the order the README's table lists them. */
export const ServerFrame = z.discriminatedUnion("type", [
  WelcomeFrame,
  SyncedFrame,
  EventFrame,
  AckFrame,
  ReadMarkerFrame,
  TypingEventFrame,
  PresenceFrame,
  ErrorFrame,
  PongFrame,
]);
/** A server frame. */
export type ServerFrame = z.infer<typeof ServerFrame>;
