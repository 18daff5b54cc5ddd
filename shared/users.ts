/**
 * Users as they appear on the wire.
 *
 * @module
 */
import { z } from "zod";
import { USERNAME_PATTERN } from "./limits.ts";

/** A username: 3–32 characters from `[a-z0-9_]`. */
export const Username = z.string().regex(
  USERNAME_PATTERN,
  "must be 3-32 characters of a-z, 0-9 and _",
);

/**
 * The username every deleted account shows as, to everyone (issue 13): no registration can
 * choose it (it has a space), and the name the account had is free again.
 */
export const DELETED_USERNAME = "deleted user";

/** The short form of a user embedded in messages, members and events. */
export const UserRef = z.object({ id: z.uuid(), username: z.string() }).meta({ id: "UserRef" });
/** `{id, username}` */
export type UserRef = z.infer<typeof UserRef>;

/** A user account. */
export const User = z.object({
  id: z.uuid(),
  username: z.string(),
  created_at: z.iso.datetime({ offset: true }),
}).meta({ id: "User" });
/** `{id, username, created_at}` with `created_at` an ISO 8601 timestamp. */
export type User = z.infer<typeof User>;
