/**
 * A stable colour per user, so a person is recognisable at a glance in every session.
 *
 * @module
 */

/** Colours readable on dark and light backgrounds; yellow is left for mentions, red for errors. */
const PALETTE = [
  "cyan",
  "green",
  "magenta",
  "blue",
  "cyanBright",
  "greenBright",
  "magentaBright",
  "blueBright",
] as const;

/** An Ink colour name. */
export type UserColor = (typeof PALETTE)[number];

/**
 * The colour of a username: an FNV-1a hash of the name picks a palette entry.
 *
 * @example Always the same colour
 * ```ts
 * import { userColor } from "./user_color.ts";
 * userColor("alice") === userColor("alice"); // true
 * ```
 */
export function userColor(username: string): UserColor {
  let hash = 0x811c9dc5;
  for (let i = 0; i < username.length; i++) {
    hash = Math.imul(hash ^ username.charCodeAt(i), 16777619) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}
