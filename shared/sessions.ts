/**
 * Sessions (logins) and the account lifecycle: listing and revoking my sessions, changing my
 * password, deleting my account (issue 13).
 *
 * A session is one login: every access token carries its id (`sid`), and every refresh token
 * rotated from it belongs to it. Revoking a session refuses its access tokens and refresh tokens
 * from then on and closes its WebSockets with 4401.
 *
 * @module
 */
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./limits.ts";

/** One of my sessions. */
export const SessionInfo = z.object({
  id: z.uuid(),
  created_at: z.iso.datetime({ offset: true }),
  /** When a token of this session was last issued (login or refresh): within the access
   * token lifetime of its last use. */
  last_used_at: z.iso.datetime({ offset: true }),
  /** The `User-Agent` of the login, at most 256 characters; empty when none was sent. */
  user_agent: z.string(),
  /** The client address of the login (see TRUSTED_PROXIES). */
  ip: z.string(),
  /** True for the session of the access token that asked. */
  current: z.boolean(),
}).meta({ id: "SessionInfo" });
/** `{id, created_at, last_used_at, user_agent, ip, current}` */
export type SessionInfo = z.infer<typeof SessionInfo>;

/** `GET /sessions` response: my live sessions, newest first. */
export const SessionList = z.object({ sessions: z.array(SessionInfo) }).meta({
  id: "SessionList",
});
/** `{sessions}` */
export type SessionList = z.infer<typeof SessionList>;

/** A new password: 8–128 characters. */
const NewPassword = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

/** `POST /auth/password` body. */
export const ChangePasswordBody = z.object({
  current_password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  new_password: NewPassword,
}).meta({ id: "ChangePasswordBody" });
/** `{current_password, new_password}` */
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** `DELETE /me` body: the password, checked once more. */
export const DeleteAccountBody = z.object({
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
}).meta({ id: "DeleteAccountBody" });
/** `{password}` */
export type DeleteAccountBody = z.infer<typeof DeleteAccountBody>;
