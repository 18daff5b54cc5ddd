/**
 * Regions of a text file between a pair of HTML comments, which a script owns and rewrites while
 * people edit the rest:
 *
 * ```md
 * <!-- protocol-tables:errors:start -->
 *
 * …written by the script…
 *
 * <!-- protocol-tables:errors:end -->
 * ```
 *
 * @module
 */

/** The comment that opens region `name`. */
export function startMarker(name: string): string {
  return `<!-- ${name}:start -->`;
}

/** The comment that closes region `name`. */
export function endMarker(name: string): string {
  return `<!-- ${name}:end -->`;
}

/**
 * The content of region `name`, without the blank lines that set it apart from its markers.
 *
 * @throws when either marker is missing or repeated, or the end comes before the start: a
 * half-deleted region must fail loudly rather than leave the rest of the file to be overwritten
 */
export function readRegion(text: string, name: string): string {
  const { from, to } = regionBounds(text, name);
  return text.slice(from, to).replace(/^\n+/, "").replace(/\n+$/, "");
}

/**
 * `text` with region `name` holding `content`, set apart from the markers by one blank line each
 * (markdown needs it there for a table to be a table).
 *
 * @throws as {@linkcode readRegion}
 */
export function replaceRegion(text: string, name: string, content: string): string {
  const { from, to } = regionBounds(text, name);
  return `${text.slice(0, from)}\n\n${content}\n\n${text.slice(to)}`;
}

/** Where the content of region `name` starts and ends. */
function regionBounds(text: string, name: string): { from: number; to: number } {
  const start = onlyIndex(text, startMarker(name));
  const end = onlyIndex(text, endMarker(name));
  if (end < start) throw new Error(`${endMarker(name)} comes before ${startMarker(name)}`);
  return { from: start + startMarker(name).length, to: end };
}

function onlyIndex(text: string, marker: string): number {
  const index = text.indexOf(marker);
  if (index < 0) throw new Error(`Missing ${marker}`);
  if (text.indexOf(marker, index + 1) >= 0) throw new Error(`${marker} appears more than once`);
  return index;
}
