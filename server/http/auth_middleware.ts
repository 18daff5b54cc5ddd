/**
 * Requires `Authorization: Bearer <access token>`, sets `c.var.user` and `c.var.sessionId` and
 * applies the REST rate limit.
 *
 * @module
 */
import { createMiddleware } from "hono/factory";
import { ChatError } from "../../shared/mod.ts";
import type { AuthService } from "../auth/auth_service.ts";
import type { RateLimits } from "../limits/rate_limits.ts";
import type { AppEnv } from "./router.ts";

/**
 * Middleware that authenticates the access token and counts the request against the user's REST
 * rate limit. Route groups mounted on overlapping paths may each install it; it runs once.
 * @throws {ChatError} `unauthorized` (missing or invalid), `token_expired` or `rate_limited`
 */
export function requireUser(auth: AuthService, limits: RateLimits) {
  return createMiddleware<AppEnv>(async function requireUser(c, next) {
    if (c.get("user")) return await next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ChatError("unauthorized", "Missing Authorization: Bearer <access token> header");
    }
    const { user, sessionId } = await auth.authenticate(match[1]!);
    await limits.rest(user.id);
    c.set("user", user);
    c.set("sessionId", sessionId);
    await next();
  });
}
