/**
 * Requires `Authorization: Bearer <access token>` and sets `c.var.user`.
 *
 * @module
 */
import { createMiddleware } from "hono/factory";
import { ChatError } from "../../shared/mod.ts";
import type { AuthService } from "../auth/auth_service.ts";
import type { AppEnv } from "./router.ts";

/**
 * Middleware that authenticates the access token.
 * @throws {ChatError} `unauthorized` (missing or invalid) or `token_expired`
 */
export function requireUser(auth: AuthService) {
  return createMiddleware<AppEnv>(async function requireUser(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ChatError("unauthorized", "Missing Authorization: Bearer <access token> header");
    }
    c.set("user", await auth.authenticate(match[1]!));
    await next();
  });
}
