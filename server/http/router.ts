/**
 * Building blocks shared by the route groups: the Hono environment, a router factory whose
 * validation failures become `invalid_request` errors naming the field, and {@linkcode route},
 * which declares in the OpenAPI document every error a route can answer with.
 *
 * @module
 */
import { createRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import {
  ERROR_DESCRIPTIONS,
  ERROR_STATUS,
  ErrorBody,
  ErrorCode,
  type User,
} from "../../shared/mod.ts";

/**
 * Variables set by middleware: the authenticated user and their session, the request id and the
 * client's address (see `client_ip.ts`).
 */
export type AppEnv = {
  Variables: { user: User; sessionId: string; requestId: string; clientIp: string };
};

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

/** A JSON response description for {@linkcode route}. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body for {@linkcode route}. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}

/** An optional JSON request body: validated when a JSON content type is sent, else skipped. */
export function optionalJsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: false } };
}

/** The security requirement of routes that need an access token (`requireUser`). */
export const bearer = [{ bearerAuth: [] }];
/** The security requirement of routes anyone may call. */
export const anyone: typeof bearer = [];

/** What {@linkcode route} takes: a `createRoute` config that must say who may call it. */
export type ApiRouteConfig = RouteConfig & {
  /** {@linkcode bearer} or {@linkcode anyone}; `requireUser` must guard `bearer` routes. */
  security: typeof bearer;
  /** Error codes of this route's own rules; those every route of its kind has are added. */
  errors?: readonly ErrorCode[];
};

/**
 * `createRoute` with the error responses the route can give, each status with the shared
 * `ErrorBody` narrowed to its codes. Besides `errors`, every route can answer `internal_error`;
 * a `bearer` route `unauthorized`, `token_expired` (from `requireUser`) and `rate_limited` (the
 * REST limit); a route with a body `invalid_request`, `malformed_json` and `payload_too_large`
 * (`error_handler.ts`, the body limit); with path or query parameters `invalid_request`.
 */
export function route<P extends string, R extends Omit<ApiRouteConfig, "path"> & { path: P }>(
  config: R,
): ReturnType<typeof createRoute<P, R>> {
  const { errors = [], ...rest } = config;
  const codes: ErrorCode[] = ["internal_error", ...errors];
  if (config.security.length > 0) codes.push("unauthorized", "token_expired", "rate_limited");
  if (config.request?.body) codes.push("invalid_request", "malformed_json", "payload_too_large");
  if (config.request?.params || config.request?.query) codes.push("invalid_request");
  return createRoute({
    ...rest,
    responses: { ...errorResponses(codes), ...config.responses },
  } as unknown as R);
}

/** One response per status of `codes`, in the document's order (ascending status). */
function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ErrorCode.options.filter((c) => codes.includes(c))) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...byStatus.get(status) ?? [], code]);
  }
  const out: Record<number, ReturnType<typeof errorResponse>> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[status] = errorResponse(list);
  }
  return out;
}

/** `ErrorBody` whose code is one of `codes`, described by their `ERROR_DESCRIPTIONS`. */
function errorResponse(codes: ErrorCode[]) {
  const narrowed = z.intersection(
    ErrorBody,
    z.object({ error: z.object({ code: ErrorCode.extract(codes) }) }),
  );
  const description = codes.map((c) => `\`${c}\`: ${ERROR_DESCRIPTIONS[c]}`).join("\n\n");
  return {
    ...json(narrowed, description),
    ...(codes.includes("rate_limited") ? { headers: RETRY_AFTER } : {}),
  };
}

const RETRY_AFTER = {
  "Retry-After": {
    description: "Seconds until the limit lets a request through again",
    schema: { type: "integer" as const, minimum: 0 },
  },
};
