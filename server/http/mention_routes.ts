/**
 * `/mentions` and `/rooms/:id/notifications` (issue 14).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import {
  MentionPage,
  MentionsQuery,
  NotificationBody,
  NotificationSetting,
} from "../../shared/mod.ts";
import type { MentionService } from "../mentions/mention_service.ts";
import { RoomParams } from "./room_routes.ts";
import { type AppEnv, bearer, createRouter, json, jsonBody, route } from "./router.ts";

/** Routes of mentions and notification levels; `authenticate` is the access-token middleware. */
export function mentionRoutes(authenticate: MiddlewareHandler<AppEnv>, mentions: MentionService) {
  const router = createRouter();
  const tags = ["mentions"];
  router.use("/mentions", authenticate);
  router.use("/rooms/*", authenticate);

  router.openapi(
    route({
      method: "get",
      path: "/mentions",
      operationId: "listMentions",
      tags,
      security: bearer,
      summary: "Messages that mention me (@me, @room, direct messages), newest first",
      request: { query: MentionsQuery },
      responses: { 200: json(MentionPage, "A page of mentions; next_cursor continues it") },
    }),
    async (c) => c.json(await mentions.list(c.var.user.id, c.req.valid("query")), 200),
  );

  router.openapi(
    route({
      method: "put",
      path: "/rooms/{id}/notifications",
      operationId: "setNotificationLevel",
      tags,
      security: bearer,
      summary: "My notification level for a room: all, mentions or none (muted)",
      request: { params: RoomParams, ...jsonBody(NotificationBody) },
      errors: ["not_member", "room_not_found"],
      responses: { 200: json(NotificationSetting, "The level now in force") },
    }),
    async (c) => {
      const setting = await mentions.setLevel(
        c.var.user.id,
        c.req.valid("param").id,
        c.req.valid("json").level,
      );
      return c.json(setting, 200);
    },
  );

  return router;
}
