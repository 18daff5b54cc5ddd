/**
 * `/healthz` (the process answers) and `/readyz` (the database and the bus answer).
 *
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Bus } from "../bus/bus.ts";
import type { Store } from "../store/store.ts";
import { createRouter, json } from "./router.ts";

const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.record(z.string(), z.enum(["ok", "down"])).optional(),
}).meta({ id: "Health" });

/**
 * Health routes. They are served at the root, outside `/api/v1`; `servers` says so to readers of
 * the API document, which lists them too.
 */
export function healthRoutes(store: Store, bus: Bus) {
  const router = createRouter();
  const tags = ["health"];
  const servers = [{ url: "/" }];

  router.openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      tags,
      servers,
      summary: "The process is up",
      responses: { 200: json(Health, "Up") },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/readyz",
      tags,
      servers,
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
