/**
 * Search across the rooms a user can read (issue 14): their rooms and public rooms. The access
 * rule is the one of history (`RoomService.visible`): a private or direct room is searched only
 * by its members, and asking for one by `room_id` as an outsider is `room_not_found`, as reading
 * it would be.
 *
 * @module
 */
import { ChatError, type SearchPage, type SearchQuery } from "../../shared/mod.ts";
import type { RoomService } from "../rooms/room_service.ts";
import type { Store } from "../store/store.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { searchTerms } from "./search_terms.ts";
import { snippetParts } from "./snippet.ts";

/** Searching messages. */
export interface SearchService {
  /**
   * One page of hits for `query`, newest first or by relevance, each with a snippet.
   * @throws {ChatError} `room_not_found` (`room_id` not readable), `user_not_found` (`from`),
   * `invalid_request` (a cursor of another listing)
   */
  search(userId: string, query: SearchQuery): Promise<SearchPage>;
}

/** What the search service needs. */
export interface SearchServiceDeps {
  store: Store;
  rooms: Pick<RoomService, "visible">;
}

/** Creates the search service. */
export function createSearchService({ store, rooms }: SearchServiceDeps): SearchService {
  async function senderId(username: string | undefined): Promise<string | undefined> {
    if (username === undefined) return undefined;
    const user = await store.users.findByUsername(username);
    if (!user) throw new ChatError("user_not_found", `User "${username}" does not exist`);
    return user.id;
  }

  return {
    async search(userId, query) {
      const afterId = query.cursor === undefined
        ? undefined
        : decodeCursor(query.cursor, query.sort);
      if (query.room_id !== undefined) await rooms.visible(userId, query.room_id);
      const terms = searchTerms(query.q);
      const stored = await store.search.search({
        userId,
        ...terms,
        roomId: query.room_id,
        senderId: await senderId(query.from),
        before: query.before === undefined ? undefined : new Date(query.before),
        after: query.after === undefined ? undefined : new Date(query.after),
        sort: query.sort,
        afterId,
        limit: query.limit,
      });
      const page = stored.slice(0, query.limit);
      const last = page.at(-1);
      return {
        hits: page.map(({ message, room, headline }) => ({
          message,
          room,
          snippet: snippetParts(headline),
        })),
        next_cursor: stored.length > query.limit && last
          ? encodeCursor(query.sort, last.message.id)
          : null,
      };
    },
  };
}
