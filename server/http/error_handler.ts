/**
 * Turns every error thrown by a handler into `{"error":{"code","message"}}` with its status:
 * {@linkcode ChatError}s as they are, Hono's own errors (malformed JSON, body too large, a body
 * that is not `application/json`) into their codes, anything else into a logged `internal_error`.
 *
 * @module
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ChatError } from "../../shared/mod.ts";
import { RateLimitedError } from "../limits/rate_limits.ts";
import type { Logger } from "../logger.ts";
import type { AppEnv } from "./router.ts";

/** Translates an error into a response; for `app.onError`. */
export function errorHandler(logger: Logger) {
  return function onError(err: Error, c: Context<AppEnv>): Response {
    const chat = toChatError(err);
    if (chat.code === "internal_error") {
      logger.error({ err, request_id: c.get("requestId"), path: c.req.path }, "unhandled error");
    }
    if (chat instanceof RateLimitedError) {
      c.header("Retry-After", String(chat.retryAfterSeconds));
    }
    return c.json(chat.toBody(), chat.status as 400);
  };
}

function toChatError(err: Error): ChatError {
  if (err instanceof ChatError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) {
      return new ChatError("payload_too_large", "Request body is larger than 64 KiB");
    }
    // A JSON body route sent another media type, e.g. by `curl -d` without a Content-Type.
    if (err.status === 415) {
      return new ChatError("invalid_request", "Request body must be sent as application/json");
    }
    if (err.status === 400 && /json/i.test(err.message)) {
      return new ChatError("malformed_json", "Request body is not valid JSON");
    }
    if (err.status === 400) return new ChatError("invalid_request", err.message);
  }
  return new ChatError("internal_error", "Internal server error");
}
