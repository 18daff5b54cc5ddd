/**
 * Splits a search query into what `websearch_to_tsquery` reads and the prefix terms it does not
 * support (`depl*`), which become a `to_tsquery` text of their own. The two are ANDed in SQL.
 *
 * @module
 */

/** A query split for SQL; either part may be empty. */
export interface SearchTerms {
  /** The query without its prefix terms, for `websearch_to_tsquery('english', …)`. */
  websearch: string;
  /**
   * The prefix terms as `to_tsquery` text (`'depl':* & !'wip':*`). Each word is letters, digits
   * and `_` only, so nothing in it can be read as `to_tsquery` syntax.
   */
  prefixes: string;
}

const TOKEN = /"[^"]*"?|\S+/gu;
const PREFIX = /^(-?)([\p{L}\p{N}_]+)\*+$/u;

/**
 * Takes `word*` and `-word*` out of `q` (outside quotes) as prefix terms.
 *
 * @param q the query as the user typed it
 * @returns the two parts
 *
 * @example A phrase and a prefix
 * ```ts
 * import { searchTerms } from "./search_terms.ts";
 * console.log(searchTerms('"ship it" depl*'));
 * // { websearch: '"ship it"', prefixes: "'depl':*" }
 * ```
 */
export function searchTerms(q: string): SearchTerms {
  const rest: string[] = [];
  const prefixes: string[] = [];
  for (const [token] of q.matchAll(TOKEN)) {
    const prefix = PREFIX.exec(token);
    if (prefix) prefixes.push(`${prefix[1] ? "!" : ""}'${prefix[2]}':*`);
    else rest.push(token);
  }
  return { websearch: rest.join(" "), prefixes: prefixes.join(" & ") };
}
