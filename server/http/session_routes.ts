/**
 * `GET /sessions`, `DELETE /sessions/:id`, `POST /auth/password` and `DELETE /me`: the account
 * lifecycle (issue 13).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { ChangePasswordBody, DeleteAccountBody, SessionList } from "../../shared/mod.ts";
import type { AccountService } from "../auth/account_service.ts";
import { type AppEnv, bearer, createRouter, json, jsonBody, route } from "./router.ts";

/** `{id}` path parameter of a session. */
const SessionParams = z.object({ id: z.uuid() });

/** Routes of my sessions and password; `authenticate` is the access-token middleware. */
export function sessionRoutes(authenticate: MiddlewareHandler<AppEnv>, account: AccountService) {
  const router = createRouter();
  const tags = ["auth"];
  router.use("/sessions", authenticate);
  router.use("/sessions/*", authenticate);
  router.use("/auth/password", authenticate);
  router.use("/me", authenticate);

  router.openapi(
    route({
      method: "get",
      path: "/sessions",
      operationId: "listSessions",
      tags,
      security: bearer,
      summary: "My live sessions (logins), newest first",
      responses: { 200: json(SessionList, "My sessions") },
    }),
    async (c) => c.json({ sessions: await account.sessions(c.var.user.id, c.var.sessionId) }, 200),
  );

  router.openapi(
    route({
      method: "delete",
      path: "/sessions/{id}",
      operationId: "revokeSession",
      tags,
      security: bearer,
      summary: "Revoke one of my sessions: its tokens are refused, its WebSockets close (4401)",
      request: { params: SessionParams },
      errors: ["session_not_found"],
      responses: { 204: { description: "Revoked" } },
    }),
    async (c) => {
      await account.revokeSession(c.var.user.id, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/auth/password",
      operationId: "changePassword",
      tags,
      security: bearer,
      summary: "Change my password; every other session is revoked",
      request: jsonBody(ChangePasswordBody),
      errors: ["invalid_credentials"],
      responses: { 204: { description: "Changed" } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const client = { ip: c.var.clientIp };
      const passwords = { current: body.current_password, next: body.new_password };
      await account.changePassword(c.var.user, c.var.sessionId, passwords, client);
      return c.body(null, 204);
    },
  );

  router.openapi(
    route({
      method: "delete",
      path: "/me",
      operationId: "deleteAccount",
      tags,
      security: bearer,
      summary: "Delete my account: my messages become tombstones by `deleted user`, my rooms " +
        "pass to their longest-standing member or go, every session is revoked",
      request: jsonBody(DeleteAccountBody),
      errors: ["invalid_credentials"],
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const { password } = c.req.valid("json");
      await account.deleteAccount(c.var.user, password, { ip: c.var.clientIp });
      return c.body(null, 204);
    },
  );

  return router;
}
