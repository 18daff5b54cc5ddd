/**
 * Turns a `ts_headline` excerpt into snippet parts. The store asks `ts_headline` to wrap matches
 * in STX (U+0002) and ETX (U+0003): message text cannot contain control characters (see
 * `shared/text.ts`), so these markers cannot be forged by a message.
 *
 * @module
 */
import type { SnippetPart } from "../../shared/mod.ts";

/** Marks the start of a matched word in the store's headline. */
export const MATCH_START = "\u0002";
/** Marks the end of a matched word in the store's headline. */
export const MATCH_END = "\u0003";

/**
 * Splits `headline` into plain and matched parts, merging neighbours of the same kind and
 * dropping empty ones.
 *
 * @example
 * ```ts
 * import { snippetParts } from "./snippet.ts";
 * console.log(snippetParts("ship \u0002it\u0003 now"));
 * // [{ text: "ship ", match: false }, { text: "it", match: true }, { text: " now", match: false }]
 * ```
 */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  // deno-lint-ignore no-control-regex -- the markers are control characters on purpose
  for (const piece of headline.split(/([\u0002\u0003])/)) {
    if (piece === MATCH_START || piece === MATCH_END) {
      match = piece === MATCH_START;
      continue;
    }
    if (piece === "") continue;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  }
  return parts;
}
