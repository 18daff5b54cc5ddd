/**
 * The body of `GET /healthz` and `GET /readyz`, served at the root outside `/api/v1`.
 *
 * @module
 */
import { z } from "zod";

/** `ok`, or `unavailable` when a check of `/readyz` is `down`; `checks` only on `/readyz`. */
export const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.record(z.string(), z.enum(["ok", "down"])).optional(),
}).meta({ id: "Health" });
/** `{status, checks?}` */
export type Health = z.infer<typeof Health>;
