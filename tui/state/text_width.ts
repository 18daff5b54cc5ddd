/**
 * Terminal cell widths and word wrapping for plain message text. The message list wraps text
 * itself (instead of leaving it to Ink) because virtualisation needs each message's height in
 * rows before anything is rendered; it uses the same libraries as Ink, so both agree on widths.
 *
 * @module
 */
import cliTruncate from "cli-truncate";
import stringWidth from "string-width";
import wrapAnsi from "wrap-ansi";

/**
 * Control characters and bidirectional overrides: another user's message must not be able to move
 * the cursor, clear the screen or reorder the line.
 */
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Makes text from the network safe to print: tabs become spaces, other control characters and
 * bidi overrides are dropped. Newlines are kept when `keepNewlines` is set.
 *
 * @param text untrusted text
 * @param keepNewlines whether `\n` survives (message bodies) or becomes a space (names, topics)
 * @returns printable text
 */
export function sanitize(text: string, keepNewlines = false): string {
  return text.replace(UNSAFE, (c) => {
    if (c === "\t") return " ";
    if (c === "\n") return keepNewlines ? "\n" : " ";
    return "";
  });
}

/** Width of `text` in terminal cells (string-width: wide CJK and emoji are 2, marks 0). */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Cuts `text` to at most `width` cells, ending with "…" when something was cut.
 *
 * @param text printable text
 * @param width cells available (at least 1)
 * @returns the text or its truncated form
 */
export function truncate(text: string, width: number): string {
  return cliTruncate(text, width);
}

/** Pads `text` with spaces on the right (or left with `alignRight`) to `width` cells. */
export function pad(text: string, width: number, alignRight = false): string {
  const fill = " ".repeat(Math.max(0, width - textWidth(text)));
  return alignRight ? fill + text : text + fill;
}

/**
 * Word-wraps printable text to lines of at most `width` cells (wrap-ansi, the wrapper Ink uses).
 * Words longer than a line are broken; `\n` starts a new line; spaces at a break are dropped.
 *
 * @param text printable text (see {@linkcode sanitize})
 * @param width cells per line (at least 1)
 * @returns at least one line
 */
export function wrapText(text: string, width: number): string[] {
  return wrapAnsi(text, width, { hard: true, trim: true }).split("\n");
}
