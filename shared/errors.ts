/**
 * Error codes of the chat protocol, shared by the HTTP API and the WebSocket gateway.
 *
 * Over HTTP an error is the body `{"error":{"code":"...","message":"..."}}` with the status from
 * {@linkcode ERROR_STATUS}; over WebSocket it is an `error` frame with the same code. Codes are
 * stable: clients branch on them, messages are for people and may change.
 *
 * @module
 */
import { z } from "zod";
import { MAX_BODY_BYTES, MAX_FRAME_BYTES, REACTIONS_MAX_EMOJI } from "./limits.ts";

/** Every error code the server can produce. */
export const ErrorCode = z.enum([
  "invalid_request",
  "malformed_json",
  "payload_too_large",
  "unauthorized",
  "token_expired",
  "invalid_credentials",
  "refresh_token_invalid",
  "username_taken",
  "room_name_taken",
  "user_not_found",
  "room_not_found",
  "session_not_found",
  "message_not_found",
  "message_deleted",
  "too_many_reactions",
  "not_member",
  "forbidden",
  "not_found",
  "unknown_frame_type",
  "not_authenticated",
  "frame_too_large",
  "rate_limited",
  "unavailable",
  "internal_error",
]);
/** One of the protocol's error codes. */
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * HTTP status for each code. Codes that only occur on WebSocket (`unknown_frame_type`,
 * `not_authenticated`, `frame_too_large`) still map to the status they would have over HTTP.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unauthorized: 401,
  token_expired: 401,
  invalid_credentials: 401,
  refresh_token_invalid: 401,
  username_taken: 409,
  room_name_taken: 409,
  user_not_found: 404,
  room_not_found: 404,
  session_not_found: 404,
  message_not_found: 404,
  message_deleted: 410,
  too_many_reactions: 409,
  not_member: 403,
  forbidden: 403,
  not_found: 404,
  unknown_frame_type: 400,
  not_authenticated: 401,
  frame_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
} as const satisfies Record<ErrorCode, number>;

/**
 * When each code is produced, in one sentence for people. The README's error table is generated
 * from it (`deno task docs`), so a new code cannot be added without saying when it happens.
 */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  invalid_request: "A body, query or frame fails validation; the message names the field.",
  malformed_json: "The body or frame is not JSON.",
  payload_too_large: `The request body is over ${MAX_BODY_BYTES / 1024} KiB.`,
  unauthorized: "No access token, or an invalid one.",
  token_expired: "The access token has expired: refresh it.",
  invalid_credentials: "Wrong username or password (the same answer for both).",
  refresh_token_invalid: "The refresh token is unknown, expired, rotated or revoked.",
  username_taken: "Registering a username that exists.",
  room_name_taken: "Creating or renaming a room to a name that exists.",
  user_not_found: "Adding to a room, or opening a DM with, a user who does not exist.",
  room_not_found: "The room does not exist or is not visible to you.",
  session_not_found: "Revoking a session that is not one of my live sessions.",
  message_not_found: "The message is not one of the room's (also for `reply_to` and " +
    "`thread_root_id`).",
  message_deleted: "Editing, reacting to, replying to or posting in the thread of a deleted " +
    "message.",
  too_many_reactions:
    `A new emoji on a message that already has ${REACTIONS_MAX_EMOJI} distinct ones.`,
  not_member: "Sending, editing, reacting, typing or marking read in a room you have not joined.",
  forbidden: "Owner-only actions by others; editing another's message; deleting another's " +
    "message in a room you do not own.",
  not_found: "No such route.",
  unknown_frame_type: "WebSocket only: a frame with an unknown `type`.",
  not_authenticated: "WebSocket only: a frame other than `hello` before `welcome`.",
  frame_too_large: `WebSocket only: a frame over ${MAX_FRAME_BYTES / 1024} KiB.`,
  rate_limited: "Past a rate limit (see Configuration); HTTP answers carry `Retry-After`.",
  unavailable: "The server is shutting down and takes no new WebSockets.",
  internal_error: "A bug; it is logged.",
};

/** The body of every HTTP error response. */
export const ErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string() }),
}).meta({ id: "ErrorBody" });
/** `{"error":{"code","message"}}` */
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * An expected failure with a protocol error code. Services throw it; the HTTP and WebSocket
 * layers translate it into a response or an `error` frame. Clients rebuild it from error bodies.
 *
 * @example Throwing and reading a ChatError
 * ```ts
 * import { ChatError } from "./errors.ts";
 * const err = new ChatError("room_not_found", 'Room "x" does not exist');
 * console.log(err.code, err.status); // room_not_found 404
 * ```
 */
export class ChatError extends Error {
  /** The protocol error code. */
  readonly code: ErrorCode;

  /**
   * @param code the protocol error code
   * @param message a sentence for people, without trailing period
   */
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ChatError";
    this.code = code;
  }

  /** The HTTP status that goes with {@linkcode code}. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The HTTP error body for this error. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
