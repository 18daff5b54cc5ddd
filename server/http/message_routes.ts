/**
 * `/rooms/:id/messages` (history and sending) and `/rooms/:id/read`.
 *
 * @module
 */
import {
  HistoryPage,
  HistoryQuery,
  MessageResponse,
  ReadBody,
  ReadResponse,
  SendMessageBody,
} from "../../shared/mod.ts";
import type { MiddlewareHandler } from "hono";
import type { MessageService } from "../messages/message_service.ts";
import { RoomParams } from "./room_routes.ts";
import { type AppEnv, bearer, createRouter, json, jsonBody, route } from "./router.ts";

/** Routes of a room's messages; `authenticate` is the access-token middleware. */
export function messageRoutes(authenticate: MiddlewareHandler<AppEnv>, messages: MessageService) {
  const router = createRouter();
  const tags = ["messages"];
  router.use("/rooms/*", authenticate);

  router.openapi(
    route({
      method: "get",
      path: "/rooms/{id}/messages",
      operationId: "listMessages",
      tags,
      security: bearer,
      summary: "A page of the timeline (no thread replies), messages in their current state, " +
        "ascending seq; page back with before_seq, forward with after_seq",
      request: { params: RoomParams, query: HistoryQuery },
      errors: ["room_not_found"],
      responses: { 200: json(HistoryPage, "Messages") },
    }),
    async (c) => {
      const page = await messages.history(
        c.var.user.id,
        c.req.valid("param").id,
        c.req.valid("query"),
      );
      return c.json(page, 200);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/rooms/{id}/messages",
      operationId: "sendMessage",
      tags,
      security: bearer,
      summary: "Send a message, optionally a reply and/or in a thread; repeating a " +
        "client_msg_id returns the original (200)",
      request: { params: RoomParams, ...jsonBody(SendMessageBody) },
      errors: ["not_member", "room_not_found", "message_not_found", "message_deleted"],
      responses: {
        201: json(MessageResponse, "Stored"),
        200: json(MessageResponse, "Already stored under this client_msg_id"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { message, duplicate } = await messages.send(c.var.user, {
        roomId: c.req.valid("param").id,
        clientMsgId: body.client_msg_id,
        kind: body.kind,
        text: body.text,
        replyTo: body.reply_to,
        threadRootId: body.thread_root_id,
      });
      return duplicate ? c.json({ message }, 200) : c.json({ message }, 201);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/rooms/{id}/read",
      operationId: "markRead",
      tags,
      security: bearer,
      summary: "Mark everything up to seq as read",
      request: { params: RoomParams, ...jsonBody(ReadBody) },
      errors: ["not_member", "room_not_found"],
      responses: { 200: json(ReadResponse, "The new read marker") },
    }),
    async (c) => {
      const read = await messages.markRead(
        c.var.user.id,
        c.req.valid("param").id,
        c.req.valid("json").seq,
      );
      return c.json(read, 200);
    },
  );

  return router;
}
