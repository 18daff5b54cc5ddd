/**
 * Emoji by `:shortcode:`, for reactions and Tab completion. The names are GitHub's (gemoji): the
 * `:+1:`, `:tada:`, `:eyes:` that Slack, Discord, Mattermost and GitHub users already type.
 *
 * @module
 */
import { gemoji, nameToEmoji } from "gemoji";
import { Emoji } from "../../shared/mod.ts";

/** Most candidates Tab cycles through for one prefix. */
const MAX_CANDIDATES = 20;

/**
 * The emoji a reaction argument names: a `:shortcode:` (colons optional) or one emoji itself.
 *
 * @param text what was typed, e.g. `:tada:`, `tada` or `🎉`
 * @returns the emoji, or null when `text` names none
 *
 * @example
 * ```ts
 * import { emojiOf } from "./emoji.ts";
 * emojiOf(":+1:"); // "👍"
 * emojiOf("🎉"); // "🎉"
 * emojiOf("nope"); // null
 * ```
 */
export function emojiOf(text: string): string | null {
  const trimmed = text.trim();
  if (Emoji.safeParse(trimmed).success) return trimmed;
  const name = /^:?([\w+-]+):?$/.exec(trimmed)?.[1];
  return name === undefined ? null : nameToEmoji[name.toLowerCase()] ?? null;
}

/**
 * The emoji whose shortcode starts with `prefix` (after its colon), exact name first, then
 * shorter names first, at most {@linkcode MAX_CANDIDATES}.
 *
 * @param prefix the typed word without its leading `:`, e.g. `thu`
 * @returns `{emoji, name}` pairs, one per emoji
 */
export function shortcodeMatches(prefix: string): { emoji: string; name: string }[] {
  const p = prefix.toLowerCase().replace(/:$/, "");
  if (p === "") return [];
  const found: { emoji: string; name: string }[] = [];
  for (const g of gemoji) {
    const name = g.names.find((n) => n.startsWith(p));
    if (name !== undefined) found.push({ emoji: g.emoji, name });
  }
  found.sort((a, b) => rank(a.name, p) - rank(b.name, p) || a.name.localeCompare(b.name));
  return found.slice(0, MAX_CANDIDATES);
}

function rank(name: string, prefix: string): number {
  return name === prefix ? -1 : name.length;
}
