/**
 * Terminal cell widths and word wrapping for plain message text. The message list wraps text
 * itself (instead of leaving it to Ink) because virtualisation needs each message's height in
 * rows before anything is rendered.
 *
 * @module
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Wide (two-cell) scripts: CJK, Hangul, fullwidth forms, and emoji shown as pictures. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]|\p{Extended_Pictographic}\uFE0F/u;
/** Graphemes that take no cell of their own. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200B-\u200F\u2060\uFEFF]+$/u;
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

/**
 * Width of one grapheme in terminal cells.
 *
 * @example Width of a CJK character
 * ```ts
 * import { graphemeWidth } from "./text_width.ts";
 * graphemeWidth("漢"); // 2
 * ```
 */
export function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  return WIDE.test(grapheme) ? 2 : 1;
}

/** Width of `text` in terminal cells. */
export function textWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/**
 * Cuts `text` to at most `width` cells, ending with "…" when something was cut.
 *
 * @param text printable text
 * @param width cells available (at least 1)
 * @returns the text or its truncated form
 */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + "…";
}

/** Pads `text` with spaces on the right (or left with `alignRight`) to `width` cells. */
export function pad(text: string, width: number, alignRight = false): string {
  const fill = " ".repeat(Math.max(0, width - textWidth(text)));
  return alignRight ? fill + text : text + fill;
}

/**
 * Word-wraps printable text to lines of at most `width` cells. Words longer than a line are
 * broken; `\n` starts a new line; runs of spaces at a break are dropped.
 *
 * @param text printable text (see {@linkcode sanitize})
 * @param width cells per line (at least 1)
 * @returns at least one line
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) wrapParagraph(paragraph, width, lines);
  return lines;
}

function wrapParagraph(paragraph: string, width: number, lines: string[]): void {
  let line = "";
  let used = 0;
  for (const word of paragraph.split(/(\s+)/)) {
    if (word === "") continue;
    const w = textWidth(word);
    if (/^\s+$/.test(word)) {
      // Spaces are kept inside a line but never start a wrapped one.
      if (used > 0 && used + w < width) {
        line += word;
        used += w;
      } else if (used > 0) {
        lines.push(line.trimEnd());
        line = "";
        used = 0;
      }
      continue;
    }
    if (used + w <= width) {
      line += word;
      used += w;
      continue;
    }
    if (used > 0) lines.push(line.trimEnd());
    line = "";
    used = 0;
    for (const { segment } of graphemes.segment(word)) {
      const gw = graphemeWidth(segment);
      if (used + gw > width && used > 0) {
        lines.push(line);
        line = "";
        used = 0;
      }
      line += segment;
      used += gw;
    }
  }
  lines.push(line.trimEnd());
}
