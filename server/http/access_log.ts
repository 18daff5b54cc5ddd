/**
 * One structured log line and one metrics sample per HTTP request, labelled with the matched route
 * pattern (`/api/v1/rooms/:id`), never the raw path, so ids stay out of metric labels.
 *
 * @module
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics/metrics.ts";
import type { AppEnv } from "./router.ts";

/** Route label of requests that matched no route (404 `not_found`). */
export const UNMATCHED_ROUTE = "unmatched";

/** Probes and scrapes, logged at debug so that they do not drown the request log. */
const QUIET_ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);

/** Options for {@linkcode accessLog}. */
export interface AccessLogOptions {
  logger: Logger;
  metrics: Metrics;
}

/**
 * Middleware that logs `http` lines (`request_id`, `user_id` when authenticated, `method`,
 * `route`, `status`, `duration_ms`) at info and counts and times each request. Install it after
 * the request id middleware and before the routes.
 */
export function accessLog({ logger, metrics }: AccessLogOptions) {
  return createMiddleware<AppEnv>(async function accessLog(c, next) {
    const start = performance.now();
    await next();
    const seconds = (performance.now() - start) / 1000;
    const method = c.req.method;
    const route = routeOf(c);
    const status = c.res.status;
    metrics.httpRequests.inc({ method, route, status: String(status) });
    metrics.httpDuration.observe({ method, route }, seconds);
    const level = QUIET_ROUTES.has(route) ? "debug" : "info";
    logger[level]({
      request_id: c.var.requestId,
      user_id: c.var.user?.id,
      method,
      route,
      status,
      duration_ms: Math.round(seconds * 10_000) / 10,
    }, "http");
  });
}

/**
 * The pattern of the route that serves the request: the first matched handler registered for a
 * method (middleware is registered for `ALL`). It is found even when middleware answered first,
 * e.g. with 401 before the handler ran.
 */
function routeOf(c: Context<AppEnv>): string {
  return matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? UNMATCHED_ROUTE;
}
