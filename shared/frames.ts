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
import { Message, MessageKind, MessageText, Seq } from "./messages.ts";
import { Room } from "./rooms.ts";
import { User, UserRef } from "./users.ts";

/** Version of this frame protocol, sent in `welcome`. */
export const PROTOCOL_VERSION = 1;

/**
 * `hello`: authenticates the connection; must be the first frame. `resume` maps room ids to the
 * highest seq the client holds: the server first replays every newer message of those rooms, in
 * order, then sends `synced`, and only then live events of the room.
 */
export const HelloFrame = z.object({
  type: z.literal("hello"),
  token: z.string().min(1),
  resume: z.record(z.uuid(), Seq).optional(),
}).meta({
  description: `First frame, within ${HELLO_TIMEOUT_MS / 1000} s. ` +
    "`resume` maps room ids to the last `seq` held: those rooms are replayed first.",
});
/** `send`: store a message; acknowledged with `ack` once durable. */
export const SendFrame = z.object({
  type: z.literal("send"),
  room_id: z.uuid(),
  client_msg_id: z.uuid(),
  text: MessageText,
  kind: MessageKind.default("text"),
}).meta({
  description: "Stores a message; answered with `ack` once stored.",
});
/** `typing`: the user is typing in a room. */
export const TypingFrame = z.object({ type: z.literal("typing"), room_id: z.uuid() }).meta({
  description: "I am typing in a room; the other members get `typing`.",
});
/** `read`: everything up to and including `seq` has been read. */
export const ReadFrame = z.object({ type: z.literal("read"), room_id: z.uuid(), seq: Seq }).meta({
  description: "Moves my read marker up to and including `seq`; nothing is sent back.",
});
/** `ping`: answered with `pong`. */
export const PingFrame = z.object({ type: z.literal("ping") }).meta({
  description: "Answered with `pong`.",
});

/** Any frame a client may send, in the order the README's table lists them. */
export const ClientFrame = z.discriminatedUnion("type", [
  HelloFrame,
  SendFrame,
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

/** `welcome`: the connection is authenticated. */
export const WelcomeFrame = z.object({
  type: z.literal("welcome"),
  user: User,
  protocol: z.literal(PROTOCOL_VERSION),
}).meta({
  description: "Answers a valid `hello`; the events of all my rooms follow.",
});
/** `message`: a message stored in one of the user's rooms. */
export const MessageFrame = z.object({ type: z.literal("message"), message: Message }).meta({
  description: "A stored message, to every connection of every member, the sender's included.",
});
/** `ack`: the sending connection's message was durably stored. */
export const AckFrame = z.object({
  type: z.literal("ack"),
  room_id: z.uuid(),
  client_msg_id: z.uuid(),
  message_id: z.uuid(),
  seq: Seq,
}).meta({
  description: "To the sending connection once its message is stored.",
});
/** `typing`: another member is typing. */
export const TypingEventFrame = z.object({
  type: z.literal("typing"),
  room_id: z.uuid(),
  user: UserRef,
}).meta({
  description: "To the other members of the room.",
});
/** `member`: a user joined or left a room; `room` is the room's current state. */
export const MemberEventFrame = z.object({
  type: z.literal("member"),
  action: z.enum(["joined", "left"]),
  room_id: z.uuid(),
  user: UserRef,
  room: Room,
}).meta({
  description: "A user joined or left a room; `room` is its current state.",
});
/** `room`: a room was created, updated or deleted. */
export const RoomEventFrame = z.object({
  type: z.literal("room"),
  action: z.enum(["created", "updated", "deleted"]),
  room: Room,
}).meta({
  description: "A room was created, updated or deleted.",
});
/**
 * `error`: a frame failed; `ref` is the offending `client_msg_id` when there is one. A
 * `rate_limited` error carries `retry_after_ms`: the frame may be sent again after that long.
 */
export const ErrorFrame = z.object({
  type: z.literal("error"),
  code: ErrorCode,
  message: z.string(),
  ref: z.string().optional(),
  retry_after_ms: z.number().int().nonnegative().optional(),
}).meta({
  description: "A frame failed; `ref` is its `client_msg_id`, if any; " +
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
 * `RESUME_MAX_MESSAGES` were missing and only the newest were sent: page older ones through history.
 */
export const SyncedFrame = z.object({
  type: z.literal("synced"),
  room_id: z.uuid(),
  seq: Seq,
  truncated: z.boolean(),
}).meta({
  description: "A resumed room is replayed up to `seq`. `truncated`: more than " +
    `${RESUME_MAX_MESSAGES} were missing and only the newest were sent.`,
});

/** Any frame the server may send, in the order the README's table lists them. */
export const ServerFrame = z.discriminatedUnion("type", [
  WelcomeFrame,
  SyncedFrame,
  MessageFrame,
  AckFrame,
  TypingEventFrame,
  MemberEventFrame,
  RoomEventFrame,
  PresenceFrame,
  ErrorFrame,
  PongFrame,
]);
/** A server frame. */
export type ServerFrame = z.infer<typeof ServerFrame>;
