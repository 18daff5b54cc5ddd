/**
 * Building blocks shared by the route groups: the Hono environment, a router factory whose
 * validation failures become `invalid_request` errors naming the field, and OpenAPI response
 * helpers.
 *
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import { ERROR_STATUS, ErrorBody, type ErrorCode, type User } from "../../shared/mod.ts";

/** Variables set by middleware: the authenticated user and the request id. */
export type AppEnv = { Variables: { user: User; requestId: string } };

/** `"field: problem; other: problem"` for people, from a zod error. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}

/** A router for one route group. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const body: ErrorBody = {
        error: { code: "invalid_request", message: describeIssues(result.error) },
      };
      return c.json(body, 400);
    },
  });
}

/** A JSON response description for `createRoute`. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body for `createRoute`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}

/** Error responses for `createRoute`, one per status of the given codes. */
export function errors(...codes: ErrorCode[]) {
  const out: Record<number, ReturnType<typeof json<typeof ErrorBody>>> = {};
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    const prev = out[status]?.description;
    out[status] = json(ErrorBody, prev ? `${prev}, ${code}` : code);
  }
  return out;
}

/** The security requirement of routes that need an access token. */
export const bearer = [{ bearerAuth: [] }];
