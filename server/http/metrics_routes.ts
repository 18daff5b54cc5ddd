/**
 * `GET /metrics`: the instance's metrics in the Prometheus text format, served at the root beside
 * `/healthz`. It is for the scraper, not for API clients, so it stays out of the OpenAPI document.
 *
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { ChatError } from "../../shared/mod.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { createRouter } from "./router.ts";

/** Options for {@linkcode metricsRoutes}. */
export interface MetricsRouteOptions {
  metrics: Metrics;
  /** When set, scrapers must send `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string | undefined;
}

/**
 * The metrics route.
 *
 * @throws {ChatError} `unauthorized` when a token is configured and the request lacks it
 */
export function metricsRoutes({ metrics, token }: MetricsRouteOptions) {
  const router = createRouter();
  const expected = token === undefined ? undefined : digest(token);
  router.get("/metrics", async function serveMetrics(c) {
    if (expected) {
      const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        throw new ChatError("unauthorized", "Metrics need Authorization: Bearer <METRICS_TOKEN>");
      }
    }
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { "content-type": metrics.registry.contentType });
  });
  return router;
}

/** Fixed-length digests, so that comparing them takes the same time whatever the token. */
function digest(value: string): Uint8Array {
  return createHash("sha256").update(value).digest();
}
