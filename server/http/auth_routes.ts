/**
 * `/auth/register`, `/auth/login`, `/auth/refresh`, `/auth/logout` and `/me`.
 *
 * @module
 */
import {
  Credentials,
  LoginBody,
  MeResponse,
  RefreshBody,
  RegisterResponse,
  TokenPair,
} from "../../shared/mod.ts";
import type { MiddlewareHandler } from "hono";
import type { AuthService } from "../auth/auth_service.ts";
import { anyone, type AppEnv, bearer, createRouter, json, jsonBody, route } from "./router.ts";

/**
 * Routes of accounts and sessions. `authenticate` is the access-token middleware; registrations
 * and logins are limited by the client's address (`c.var.clientIp`) in the auth service.
 */
export function authRoutes(auth: AuthService, authenticate: MiddlewareHandler<AppEnv>) {
  const router = createRouter();
  const tags = ["auth"];

  router.openapi(
    route({
      method: "post",
      path: "/auth/register",
      operationId: "register",
      tags,
      security: anyone,
      summary: "Create an account",
      request: jsonBody(Credentials),
      errors: ["username_taken", "rate_limited"],
      responses: { 201: json(RegisterResponse, "The new user") },
    }),
    async (c) => {
      const user = await auth.register(c.req.valid("json"), { ip: c.var.clientIp });
      return c.json({ user }, 201);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/auth/login",
      operationId: "login",
      tags,
      security: anyone,
      summary: "Log in: returns an access token and a refresh token",
      request: jsonBody(LoginBody),
      errors: ["invalid_credentials", "rate_limited"],
      responses: { 200: json(TokenPair, "A new token pair") },
    }),
    async (c) => {
      const { username, password } = c.req.valid("json");
      const client = { ip: c.var.clientIp, userAgent: c.req.header("user-agent") ?? "" };
      return c.json(await auth.login(username, password, client), 200);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/auth/refresh",
      operationId: "refresh",
      tags,
      security: anyone,
      summary: "Rotate a refresh token; reuse of a rotated token revokes its family",
      request: jsonBody(RefreshBody),
      errors: ["refresh_token_invalid"],
      responses: { 200: json(TokenPair, "A new token pair") },
    }),
    async (c) => c.json(await auth.refresh(c.req.valid("json").refresh_token), 200),
  );

  router.openapi(
    route({
      method: "post",
      path: "/auth/logout",
      operationId: "logout",
      tags,
      security: anyone,
      summary: "End the refresh token's session: its tokens die and its WebSockets close (4401)",
      request: jsonBody(RefreshBody),
      errors: ["refresh_token_invalid"],
      responses: { 204: { description: "Logged out" } },
    }),
    async (c) => {
      await auth.logout(c.req.valid("json").refresh_token);
      return c.body(null, 204);
    },
  );

  router.use("/me", authenticate);
  router.openapi(
    route({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tags,
      security: bearer,
      summary: "The authenticated user",
      responses: { 200: json(MeResponse, "The user") },
    }),
    (c) => c.json({ user: c.var.user }, 200),
  );

  return router;
}
