/**
 * `/search` (issue 14): full-text search across the rooms I can read.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { SearchPage, SearchQuery } from "../../shared/mod.ts";
import type { SearchService } from "../search/search_service.ts";
import { type AppEnv, bearer, createRouter, json, route } from "./router.ts";

/** Routes of search; `authenticate` is the access-token middleware. */
export function searchRoutes(authenticate: MiddlewareHandler<AppEnv>, search: SearchService) {
  const router = createRouter();
  router.use("/search", authenticate);

  router.openapi(
    route({
      method: "get",
      path: "/search",
      operationId: "searchMessages",
      tags: ["search"],
      security: bearer,
      summary: "Messages of my rooms and public rooms matching q, newest first or by relevance",
      description: "`q` is web-search syntax: words (all must match, stemmed as English), " +
        '`"a phrase"`, `a or b`, `-word` (not), and `prefix*`.',
      request: { query: SearchQuery },
      errors: ["room_not_found", "user_not_found"],
      responses: { 200: json(SearchPage, "A page of hits; next_cursor continues it") },
    }),
    async (c) => c.json(await search.search(c.var.user.id, c.req.valid("query")), 200),
  );

  return router;
}
