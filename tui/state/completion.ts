/**
 * Tab completion of the word before the cursor: /commands at the start of the line, usernames
 * elsewhere (with or without a leading @). Pressing Tab again cycles through the candidates.
 *
 * @module
 */
import { COMMAND_NAMES } from "./slash_commands.ts";

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
 * @param usernames candidates for names (the room's members)
 * @returns the new line, or null when nothing matches
 */
export function complete(
  chars: readonly string[],
  cursor: number,
  previous: Completion | null,
  usernames: readonly string[],
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
  const candidates = start === 0 && word.startsWith("/")
    ? COMMAND_NAMES.filter((c) => c.startsWith(word.toLowerCase())).map((c) => `${c} `)
    : nameCandidates(word, usernames, start === 0);
  if (candidates.length === 0) return null;
  return replaceWord(chars, start, cursor, { start, candidates, index: 0 });
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
