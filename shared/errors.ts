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
