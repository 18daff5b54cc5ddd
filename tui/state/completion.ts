/**
 * Tab completion of the word before the cursor: /commands at the start of the line, room names
 * after `/join`, user names after `/dm` and `/invite`, emoji after a `:shortcode` prefix (two
 * letters at least), the room's members elsewhere (with or without a leading @). Pressing Tab
 * again cycles through the candidates.
 *
 * @module
 */
import { shortcodeMatches } from "./emoji.ts";
import { COMMAND_NAMES } from "./slash_commands.ts";

/** What Tab can complete to. */
export interface CompletionCandidates {
  /** The members of the room shown (me excluded). */
  members: readonly string[];
  /** Room names, without `#`: mine and the public ones known. */
  rooms: readonly string[];
  /** Every user name known (members of my rooms, my direct peers), me excluded. */
  users: readonly string[];
}

/** Commands whose first argument is a room or a user. */
const ARGUMENT_KINDS: Readonly<Record<string, "rooms" | "users">> = {
  "/join": "rooms",
  "/dm": "users",
  "/invite": "users",
};

/** An ongoing completion: where the completed word starts and which candidate is shown. */
export interface Completion {
  /** Code point index where the completed word starts. */
  start: number;
  candidates: readonly string[];
  index: number;
}

/** The line after a completion step. */
export interface Completed {
  chars: string[];
  cursor: number;
  completion: Completion | null;
}

/**
 * Completes the word before the cursor, or moves to the next candidate of an ongoing completion.
 *
 * @param chars the line's code points
 * @param cursor code point index of the cursor
 * @param previous the ongoing completion, if the last key was Tab
 * @param known names to complete to
 * @returns the new line, or null when nothing matches
 *
 * @example A room after /join
 * ```ts
 * import { complete } from "./completion.ts";
 * const line = [..."/join gen"];
 * complete(line, line.length, null, { members: [], rooms: ["general"], users: [] })?.chars.join("");
 * // "/join general "
 * ```
 */
export function complete(
  chars: readonly string[],
  cursor: number,
  previous: Completion | null,
  known: CompletionCandidates,
): Completed | null {
  if (previous) {
    const index = (previous.index + 1) % previous.candidates.length;
    const current = previous.candidates[previous.index]!;
    return replaceWord(chars, previous.start, previous.start + [...current].length, {
      ...previous,
      index,
    });
  }
  let start = cursor;
  while (start > 0 && chars[start - 1] !== " ") start--;
  const word = chars.slice(start, cursor).join("");
  const before = chars.slice(0, start).join("");
  const argument = /^(\/\w+) +$/.exec(before)?.[1]?.toLowerCase();
  const kind = argument === undefined ? undefined : ARGUMENT_KINDS[argument];
  const candidates = start === 0 && word.startsWith("/")
    ? COMMAND_NAMES.filter((c) => c.startsWith(word.toLowerCase())).map((c) => `${c} `)
    : kind === "rooms"
    ? prefixed(word.replace(/^#/, ""), known.rooms).map((r) => `${r} `)
    : kind === "users"
    ? prefixed(word.replace(/^@/, ""), known.users).map((u) => `${u} `)
    : word.startsWith(":") && [...word].length > 2
    ? shortcodeMatches(word.slice(1)).map((m) => `${m.emoji} `)
    : nameCandidates(word, known.members, start === 0);
  if (candidates.length === 0) return null;
  return replaceWord(chars, start, cursor, { start, candidates, index: 0 });
}

/** The distinct names starting with `prefix` (any case), sorted. */
function prefixed(prefix: string, names: readonly string[]): string[] {
  const p = prefix.toLowerCase();
  return [...new Set(names.filter((n) => n.toLowerCase().startsWith(p)))].sort();
}

/** `@bob ` stays `@bob `; a bare name at the start of the line becomes `bob: `, IRC style. */
function nameCandidates(word: string, usernames: readonly string[], lineStart: boolean): string[] {
  const at = word.startsWith("@") ? "@" : "";
  const prefix = word.slice(at.length).toLowerCase();
  if (prefix === "" && at === "") return [];
  const suffix = lineStart && at === "" ? ": " : " ";
  return usernames.filter((u) => u.toLowerCase().startsWith(prefix)).sort().map((u) =>
    `${at}${u}${suffix}`
  );
}

function replaceWord(
  chars: readonly string[],
  start: number,
  end: number,
  completion: Completion,
): Completed {
  const word = [...completion.candidates[completion.index]!];
  return {
    chars: [...chars.slice(0, start), ...word, ...chars.slice(end)],
    cursor: start + word.length,
    completion: completion.candidates.length > 1 ? completion : null,
  };
}
