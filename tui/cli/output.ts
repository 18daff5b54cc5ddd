/**
 * Everything the plain commands print. Server data (names, topics, message text, error messages)
 * is untrusted: a member could put terminal escape sequences (`ESC[2J`, `ESC]0;title BEL`), CR or
 * BS in a message or topic, and messages stored before the server refused them may hold them.
 * So every line goes through one sanitizer, the full screen's `sanitize` (control characters and
 * bidi overrides dropped, tab as a space), at the moment it is written; `--json` output is the
 * server's data exactly (JSON escapes control characters, so it is safe to print as it is).
 *
 * @module
 */
import { sanitize } from "../state/text_width.ts";

/**
 * Prints lines on stdout, each made safe for the terminal; a newline inside a line (from server
 * data) becomes a space, so no line can pass for another.
 *
 * @param lines the lines, without trailing newlines
 *
 * @example A topic cannot clear the screen
 * ```ts
 * import { printLines } from "./output.ts";
 * printLines(["#general  \u001b[2Jhello"]); // prints "#general  [2Jhello"
 * ```
 */
export function printLines(...lines: string[]): void {
  for (const line of lines) console.log(sanitize(line));
}

/**
 * Prints one line on stderr, made safe as in {@linkcode printLines}.
 *
 * @param line the line, without trailing newline
 */
export function printError(line: string): void {
  console.error(sanitize(line));
}

/**
 * Prints a value as indented JSON, exactly as it is: control characters come out escaped.
 *
 * @param value what the server sent
 */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}
