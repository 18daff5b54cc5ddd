/**
 * Detecting @mentions of a user in message text.
 *
 * @module
 */

/**
 * Whether `text` mentions `@username` as a whole word: `@bob` and `@bob:` count, `@bobby` and
 * `me@bob` do not. Usernames are `[a-z0-9_]`, so no escaping is needed, but it is done anyway.
 *
 * @example Mentions at word boundaries only
 * ```ts
 * import { mentionsUser } from "./mentions.ts";
 * mentionsUser("hi @bob!", "bob"); // true
 * mentionsUser("hi @bobby", "bob"); // false
 * ```
 */
export function mentionsUser(text: string, username: string): boolean {
  const name = username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w@])@${name}(?![\\w])`, "i").test(text);
}
