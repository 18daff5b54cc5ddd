/**
 * Bodies of the `/api/v1/auth/*` endpoints.
 *
 * Access tokens are HS256 JWTs (RFC 7519) with `sub`, `username`, `iat` and `exp`; refresh
 * tokens are opaque strings that rotate on every use.
 *
 * @module
 */
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./limits.ts";
import { userText } from "./text.ts";
import { User, Username } from "./users.ts";

/** `POST /auth/register` and `POST /auth/login` body. */
export const Credentials = z.object({
  username: Username,
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
}).meta({ id: "Credentials" });
/** `{username, password}` */
export type Credentials = z.infer<typeof Credentials>;

/**
 * `POST /auth/login` body: any username without control characters is accepted, so that every
 * failure reads the same.
 */
export const LoginBody = z.object({
  username: userText().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
}).meta({ id: "LoginBody" });
/** `{username, password}` */
export type LoginBody = z.infer<typeof LoginBody>;

/** `POST /auth/register` response. */
export const RegisterResponse = z.object({ user: User }).meta({ id: "RegisterResponse" });
/** `{user}` */
export type RegisterResponse = z.infer<typeof RegisterResponse>;

/** A fresh access token and refresh token; `expires_in` is the access token's lifetime in s. */
export const TokenPair = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().positive(),
  user: User,
}).meta({ id: "TokenPair" });
/** `{access_token, refresh_token, token_type, expires_in, user}` */
export type TokenPair = z.infer<typeof TokenPair>;

/** `POST /auth/refresh` and `POST /auth/logout` body. */
export const RefreshBody = z.object({ refresh_token: z.string().min(1).max(256) }).meta({
  id: "RefreshBody",
});
/** `{refresh_token}` */
export type RefreshBody = z.infer<typeof RefreshBody>;

/** `GET /me` response. */
export const MeResponse = z.object({ user: User }).meta({ id: "MeResponse" });
/** `{user}` */
export type MeResponse = z.infer<typeof MeResponse>;
