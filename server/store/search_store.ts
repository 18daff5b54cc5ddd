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
      const key = relevance
        ? "ts_rank(msg.search, q.query), msg.created_at, msg.id"
        : "msg.created_at, msg.id";
      if (r.afterId) {
        filters.push(
          `(${key}) < (select ${key.replaceAll("msg.", "c.")} from messages c
             where c.id = ${param(r.afterId)})`,
        );
      }
      const order = (t: string) =>
        `${relevance ? "rank desc, " : ""}${t}.created_at desc, ${t}.id desc`;
      const rows = await db.query(
        `with q as materialized (select ${TSQUERY} as query),
         readable as (
           select id from rooms where kind = 'public'
           union select room_id from room_members where user_id = $1
         ),
         hits as (
           select msg.id, msg.created_at, ts_rank(msg.search, q.query) as rank
           from messages msg, q
           where msg.search @@ q.query and msg.room_id in (select id from readable)
             ${filters.map((f) => `and ${f}`).join(" ")}
           order by ${order("msg")}
           limit $4
         )
         select ${MESSAGE_COLUMNS}, r.kind as room_kind, r.name as room_name,
           ts_headline('english', msg.text, q.query, $5) as headline
         from hits join messages msg on msg.id = hits.id
         ${MESSAGE_JOINS}
         join rooms r on r.id = msg.room_id, q
         order by ${order("hits")}`,
        params,
      );
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
