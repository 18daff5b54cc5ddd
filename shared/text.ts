/**
 * Rules for text that users write and others see: message text, topics, room names and
 * usernames. Control characters are refused at the edge (issue 13, failure 1): NUL cannot be
 * stored by Postgres (`invalid byte sequence for encoding "UTF8": 0x00`), and the other C0/C1
 * controls (ESC, CR, BS...) drive terminals rather than show as text. Lone UTF-16 surrogates are
 * refused too: they are not Unicode text and would be stored as U+FFFD, not as sent.
 *
 * Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) cannot occur in names,
 * which are ASCII by their patterns. Topics and messages keep them, as right-to-left writing needs
 * them; clients that print untrusted text strip them there (chat-tui does), so that one field
 * cannot reorder the rest of a line (the "Trojan Source" attack, CVE-2021-42574).
 *
 * @module
 */
import { z } from "zod";

/** C0 controls other than tab (U+0009) and newline (U+000A), DEL (U+007F) and the C1 controls. */
// deno-lint-ignore no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTER: RegExp = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** The message given when text holds a control character. */
export const CONTROL_CHARACTER_MESSAGE =
  "must not contain control characters (U+0000-U+001F other than tab and newline, U+007F-U+009F)";

/** The message given when text holds a lone UTF-16 surrogate. */
export const SURROGATE_MESSAGE = "must be well-formed Unicode (no lone surrogates)";

/**
 * A string schema that refuses control characters other than tab and newline, and lone
 * surrogates, in the text as sent: chain trimming and lengths after it, so that a control
 * character is refused even where trimming would have removed it.
 *
 * @returns the schema; its issues name the field they are found in
 *
 * @example A topic with ESC is refused
 * ```ts
 * import { userText } from "./text.ts";
 * const Topic = userText().trim().max(512);
 * console.log(Topic.safeParse("\u001b[2J").success); // false
 * ```
 */
export function userText(): z.ZodString {
  return z.string()
    .refine((text) => !CONTROL_CHARACTER.test(text), CONTROL_CHARACTER_MESSAGE)
    .refine((text) => text.isWellFormed(), SURROGATE_MESSAGE);
}
