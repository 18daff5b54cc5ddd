/**
 * Full-text search over messages (issue 14): the generated `messages.search` vector and its GIN
 * index (migration 004). The query finds the page's ids first, ordered and cut by `limit`, and
 * only then joins senders and rooms and runs `ts_headline` (the costly part) on the page alone.
 *
 * @module
 */
import { type Message, RoomKind, type RoomRef, type SearchSort } from "../../shared/mod.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { MATCH_END, MATCH_START } from "../search/snippet.ts";
import { MESSAGE_COLUMNS, MESSAGE_JOINS, parseMessage } from "./rows.ts";

/** A search as the store runs it; the service has checked access and parsed the query. */
export interface SearchRequest {
  /** The searcher: only rooms they are a member of and public rooms are searched. */
  userId: string;
  /** Text for `websearch_to_tsquery('english', …)`; may be empty. */
  websearch: string;
  /** Text for `to_tsquery('english', …)` (prefix terms); may be empty. */
  prefixes: string;
  roomId?: string | undefined;
  senderId?: string | undefined;
  /** Only messages created before / after these instants. */
  before?: Date | undefined;
  after?: Date | undefined;
  sort: SearchSort;
  /** Continue after this message (its position in `sort` order). */
  afterId?: string | undefined;
  limit: number;
}

/** A hit as stored: the headline still carries the STX/ETX markers of `snippet.ts`. */
export interface StoredHit {
  message: Message;
  room: RoomRef;
  headline: string;
}

/** Searches messages. */
export interface SearchStore {
  /** Up to `limit + 1` hits in `sort` order (the extra one tells that more exist). */
  search(request: SearchRequest): Promise<StoredHit[]>;
}

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxFragments=2, ` +
  `MaxWords=18, MinWords=6, FragmentDelimiter=" … "`;

/** The tsquery of `$2` (websearch) and `$3` (prefixes), either of which may be empty. */
const TSQUERY = `case
  when $3 = '' then websearch_to_tsquery('english', $2)
  when $2 = '' then to_tsquery('english', $3)
  else websearch_to_tsquery('english', $2) && to_tsquery('english', $3) end`;

/**
 * By relevance, the newest this many matches are ranked: ranking reads every candidate's
 * vector, and a common word matches a large part of the store.
 */
export const RELEVANCE_WINDOW = 1_000;

/** A {@linkcode SearchStore} over `db`. */
export function createSearchStore(db: SqlExecutor): SearchStore {
  return {
    async search(r) {
      const params: unknown[] = [r.userId, r.websearch, r.prefixes, r.limit + 1, HEADLINE_OPTIONS];
      const param = (value: unknown) => `$${params.push(value)}`;
      const filters: string[] = [];
      if (r.roomId) filters.push(`msg.room_id = ${param(r.roomId)}`);
      if (r.senderId) filters.push(`msg.sender_id = ${param(r.senderId)}`);
      if (r.before) filters.push(`msg.created_at < ${param(r.before)}`);
      if (r.after) filters.push(`msg.created_at > ${param(r.after)}`);
      const relevance = r.sort === "relevance";
      const cursor = r.afterId === undefined ? null : param(r.afterId);
      if (cursor && !relevance) {
        filters.push(`(msg.created_at, msg.id) < (select c.created_at, c.id from messages c
          where c.id = ${cursor})`);
      }
      // Newest first, the matches are the page; by relevance, the window that is ranked.
      const matches = `select msg.id, msg.created_at, msg.search from messages msg
        where msg.search @@ (${TSQUERY}) and not msg.deleted
          and msg.room_id in (select id from readable)
          ${filters.map((f) => `and ${f}`).join(" ")}
        order by msg.created_at desc, msg.id desc
        limit ${relevance ? RELEVANCE_WINDOW : "$4"}`;
      const rank = (t: string) => `ts_rank(${t}.search, ${TSQUERY})`;
      const hits = relevance
        ? `select m.id, m.created_at, ${rank("m")} as rank from matches m
           ${
          cursor
            ? `where (${rank("m")}, m.created_at, m.id) < (
                 select ${rank("c")}, c.created_at, c.id from messages c where c.id = ${cursor})`
            : ""
        }
           order by rank desc, m.created_at desc, m.id desc limit $4`
        : "select m.id, m.created_at from matches m";
      const sql = `with readable as (
           select id from rooms where kind = 'public'
           union select room_id from room_members where user_id = $1
         ),
         matches as (${matches}),
         hits as (${hits})
         select ${MESSAGE_COLUMNS}, r.kind as room_kind, r.name as room_name,
           ts_headline('english', msg.text, ${TSQUERY}, $5) as headline
         from hits join messages msg on msg.id = hits.id
         ${MESSAGE_JOINS}
         join rooms r on r.id = msg.room_id
         order by ${relevance ? "hits.rank desc, " : ""}hits.created_at desc, hits.id desc`;
      // The plan must be made for the query's words: a rare word is found through the GIN index,
      // a common one by walking the newest messages. A generic plan of the prepared statement
      // (postgres.js prepares it) cannot tell them apart and was 10 times slower for one of them.
      const rows = await db.transaction(async (tx) => {
        await tx.query("set local plan_cache_mode = force_custom_plan");
        return await tx.query(sql, params);
      });
      return rows.map((row) => ({
        message: parseMessage(row),
        room: {
          id: String(row.room_id),
          kind: RoomKind.parse(row.room_kind),
          name: row.room_name === null ? null : String(row.room_name),
        },
        headline: String(row.headline),
      }));
    },
  };
}
