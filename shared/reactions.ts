/**
 * Reactions: one emoji per user per message, shown with a count and the first users.
 *
 * @module
 */
import { z } from "zod";
import { REACTION_USERS_SHOWN } from "./limits.ts";
import { UserRef } from "./users.ts";

/**
 * One emoji: exactly one RGI emoji sequence of Unicode (UTS #51), such as `👍`, `❤️`, `👋🏽` or
 * `🏳️‍🌈`. Checked with the `\p{RGI_Emoji}` property of string of the JavaScript `v` regex flag,
 * which follows the engine's Unicode version, so no list of emoji is kept here.
 */
export const Emoji = z.string().max(64).regex(
  /^\p{RGI_Emoji}$/v,
  "must be exactly one emoji",
);
/** One emoji sequence. */
export type Emoji = z.infer<typeof Emoji>;

/**
 * The reactions with one emoji on a message: how many users reacted with it and the first
 * {@linkcode REACTION_USERS_SHOWN} of them, earliest first.
 */
export const Reaction = z.object({
  emoji: z.string(),
  count: z.number().int().positive(),
  users: z.array(UserRef).max(REACTION_USERS_SHOWN),
}).meta({ id: "Reaction" });
/** `{emoji, count, users}` */
export type Reaction = z.infer<typeof Reaction>;
