/**
 * `/healthz` (the process answers) and `/readyz` (the database and the bus answer), served at the
 * root outside `/api/v1`.
 *
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import { Health } from "../../shared/mod.ts";
import type { Bus } from "../bus/bus.ts";
import type { Store } from "../store/store.ts";
import { anyone, createRouter, json } from "./router.ts";

/**
 * Health routes, for load balancers and orchestrators; mount them at the root. They are declared
 * with `createRoute`, not `route`, because they have no error answers to add: neither can fail,
 * and `/readyz` answers a failed check with 503 and the `Health` body.
 */
export function healthRoutes(store: Store, bus: Bus) {
  const router = createRouter();
  const tags = ["health"];

  router.openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      operationId: "health",
      tags,
      security: anyone,
      summary: "The process is up",
      responses: { 200: json(Health, "Up") },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/readyz",
      operationId: "ready",
      tags,
      security: anyone,
      summary: "The database and the bus answer",
      responses: { 200: json(Health, "Ready"), 503: json(Health, "Not ready") },
    }),
    async (c) => {
      const [database, busCheck] = await Promise.all(
        [store.ping(), bus.ping()].map((p) => p.then(() => "ok" as const, () => "down" as const)),
      );
      const checks = { database: database!, bus: busCheck! };
      return database === "ok" && busCheck === "ok"
        ? c.json({ status: "ok" as const, checks }, 200)
        : c.json({ status: "unavailable" as const, checks }, 503);
    },
  );

  return router;
}
