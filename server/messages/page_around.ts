/**
 * A history page centred on one message, for showing a search hit or a mention in its context
 * (`GET /rooms/:id/messages?around_seq=N`, issue 14). Built from two ordinary keyset pages, so it
 * shows what history shows (tombstones included) and needs no SQL of its own.
 *
 * @module
 */
import { ChatError, type HistoryPage, type HistoryQuery } from "../../shared/mod.ts";
import type { PageRequest } from "../store/message_store.ts";

/** Reads one keyset page of a room's timeline. */
export type PageReader = (request: PageRequest) => Promise<HistoryPage>;

/**
 * Up to `ceil(limit / 2)` messages up to and including `seq`, then the rest of `limit` after it,
 * ascending seq; when one side has fewer, the other fills the page. `has_more` is true when either side
 * was cut by `limit`; the client pages on with `before_seq`/`after_seq` from the ends.
 *
 * @param read reads a page of the room
 * @param query the history query; `around_seq` must be set
 * @returns the centred page
 * @throws {ChatError} `invalid_request` when `before_seq` or `after_seq` is given with it
 */
export async function pageAround(read: PageReader, query: HistoryQuery): Promise<HistoryPage> {
  const seq = query.around_seq!;
  if (query.before_seq !== undefined || query.after_seq !== undefined) {
    throw new ChatError(
      "invalid_request",
      "around_seq: cannot be combined with before_seq or after_seq",
    );
  }
  let older = await read({ beforeSeq: seq + 1, limit: Math.ceil(query.limit / 2) });
  // With nothing left of `limit` this still reads one row, to tell whether newer ones exist.
  const newer = await read({ afterSeq: seq, limit: query.limit - older.messages.length });
  if (older.has_more && older.messages.length + newer.messages.length < query.limit) {
    older = await read({ beforeSeq: seq + 1, limit: query.limit - newer.messages.length });
  }
  return {
    messages: [...older.messages, ...newer.messages],
    has_more: older.has_more || newer.has_more,
  };
}
