/**
 * Headers every API answer carries (issue 13): `X-Content-Type-Options: nosniff`, so a browser
 * never runs a JSON answer (holding another user's text) as HTML or script, and
 * `Cache-Control: no-store` on `/api/*`, whose answers hold tokens and private data that no shared
 * or browser cache may keep (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks it of token answers). CORS is
 * strict: no origin may read the API from a browser unless `CORS_ORIGINS` lists it.
 *
 * @module
 */
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./router.ts";

/** Sets `nosniff` on every answer and `no-store` on API answers that set no caching of their own. */
export function securityHeaders() {
  return createMiddleware<AppEnv>(async function securityHeaders(c, next) {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    if (c.req.path.startsWith("/api/") && !c.res.headers.has("Cache-Control")) {
      c.res.headers.set("Cache-Control", "no-store");
    }
  });
}

/**
 * CORS for the API: only the listed origins (exact `scheme://host[:port]`) may read answers from a
 * browser; none by default. Bearer tokens, not cookies, authenticate, so credentials are not
 * allowed.
 *
 * @param origins the CORS_ORIGINS list
 */
export function corsPolicy(origins: readonly string[]) {
  return cors({
    origin: [...origins],
    allowHeaders: ["Authorization", "Content-Type"],
    exposeHeaders: ["Retry-After"],
    maxAge: 600,
  });
}
