/**
 * Search, mentions and notification levels (issue 14).
 *
 * Search covers every room the caller can read (their rooms and public rooms) by the current text
 * of each message: an edited message is found by its new text, a deleted one never. The query
 * language is Postgres's `websearch_to_tsquery` (`word word` both, `"a phrase"`, `a or b`,
 * `-word` not) plus prefixes (`depl*`); words are stemmed as English. Pages are keyset-paged by an
 * opaque `next_cursor`.
 *
 * @module
 */
import { z } from "zod";
import { Message, queryNumber } from "./messages.ts";
import { RoomKind } from "./rooms.ts";
import { userText } from "./text.ts";
import { Username } from "./users.ts";

/** Hits per page when `limit` is not given. */
export const SEARCH_DEFAULT_LIMIT = 20;
/** Largest page of hits or mentions. */
export const SEARCH_MAX_LIMIT = 50;
/** Longest search query, in characters. */
export const SEARCH_QUERY_MAX_LENGTH = 256;

/** An opaque position in a result list, from a page's `next_cursor`. */
export const Cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "must be a next_cursor");

/** `newest` first (the default), or by `relevance` (rank, then newest). */
export const SearchSort = z.enum(["newest", "relevance"]);
/** `"newest" | "relevance"` */
export type SearchSort = z.infer<typeof SearchSort>;

const Timestamp = z.iso.datetime({ offset: true });

/**
 * `GET /search` query. `room_id` narrows to one room, `from` to one sender (a username),
 * `before`/`after` to messages posted before/after an instant; `cursor` continues a listing
 * with the same query and sort.
 */
export const SearchQuery = z.object({
  room_id: z.uuid().optional(),
  q: userText().trim().min(1, "must not be empty").max(SEARCH_QUERY_MAX_LENGTH),
  from: Username.optional(),
  before: Timestamp.optional(),
  after: Timestamp.optional(),
  sort: SearchSort.default("newest"),
  limit: queryNumber(z.number().int().min(1).max(SEARCH_MAX_LIMIT)).default(SEARCH_DEFAULT_LIMIT),
  cursor: Cursor.optional(),
});
/** Parsed search query. */
export type SearchQuery = z.infer<typeof SearchQuery>;

/** The room a hit or mention is in: enough to label it without another request. */
export const RoomRef = z.object({
  id: z.uuid(),
  kind: RoomKind,
  /** null for a direct room. */
  name: z.string().nullable(),
}).meta({ id: "RoomRef" });
/** `{id, kind, name}` */
export type RoomRef = z.infer<typeof RoomRef>;

/**
 * A piece of a snippet: `match` marks the words the query matched. A snippet is an array of
 * parts rather than text with markers, so that no message text can forge a highlight or carry
 * markup: clients render `text` as untrusted text, emphasised where `match` is true.
 */
export const SnippetPart = z.object({ text: z.string(), match: z.boolean() })
  .meta({ id: "SnippetPart" });
/** `{text, match}` */
export type SnippetPart = z.infer<typeof SnippetPart>;

/** One search hit: the message in its current state, its room and a highlighted excerpt. */
export const SearchHit = z.object({
  message: Message,
  room: RoomRef,
  /** Up to two fragments of the text around the matched words, joined by ` … `. */
  snippet: z.array(SnippetPart),
}).meta({ id: "SearchHit" });
/** `{message, room, snippet}` */
export type SearchHit = z.infer<typeof SearchHit>;

/** `GET /search` response; `next_cursor` is null on the last page. */
export const SearchPage = z.object({
  hits: z.array(SearchHit),
  next_cursor: z.string().nullable(),
}).meta({ id: "SearchPage" });
/** `{hits, next_cursor}` */
export type SearchPage = z.infer<typeof SearchPage>;
