/**
 * What is done to a message over HTTP (edit, delete, reactions), a thread's replies and the room
 * event stream: `/rooms/:id/messages/:message_id…`, `/rooms/:id/threads/:root_id/messages` and
 * `/rooms/:id/events`. The rules are the message service's, the same as over WebSocket, with the
 * same idempotency keys.
 *
 * @module
 */
import { z } from "zod";
import type { MiddlewareHandler } from "hono";
import {
  ClientEventQuery,
  EditMessageBody,
  EventPage,
  EventsQuery,
  HistoryPage,
  HistoryQuery,
  MessageResponse,
} from "../../shared/mod.ts";
import type { Action, MessageService } from "../messages/message_service.ts";
import { type AppEnv, bearer, createRouter, json, jsonBody, route } from "./router.ts";

/** `:id` and `:message_id` of a message's routes. */
const MessageParams = z.object({ id: z.uuid(), message_id: z.uuid() });
/**
 * A reaction's path: the message and the emoji, URL-encoded. The emoji is checked by the message
 * service (one RGI emoji sequence): its pattern needs the `v` regex flag, which the OpenAPI
 * document's JSON Schema regexes do not have.
 */
const ReactionParams = MessageParams.extend({
  emoji: z.string().min(1).max(64).meta({ description: "One emoji, URL-encoded" }),
});
/** `:id` and `:root_id` of a thread. */
const ThreadParams = z.object({ id: z.uuid(), root_id: z.uuid() });

/** The rules every action on a message may refuse it by. */
const ACTION_ERRORS = ["room_not_found", "not_member", "message_not_found"] as const;

/** Routes of actions on messages, threads and events; `authenticate` checks the access token. */
export function messageActionRoutes(
  authenticate: MiddlewareHandler<AppEnv>,
  messages: MessageService,
) {
  const router = createRouter();
  const tags = ["messages"];
  router.use("/rooms/*", authenticate);

  router.openapi(
    route({
      method: "patch",
      path: "/rooms/{id}/messages/{message_id}",
      operationId: "editMessage",
      tags,
      security: bearer,
      summary: "Edit my message; repeating a client_event_id applies it once",
      request: { params: MessageParams, ...jsonBody(EditMessageBody) },
      errors: [...ACTION_ERRORS, "forbidden", "message_deleted"],
      responses: { 200: json(MessageResponse, "The message, edited") },
    }),
    async (c) => {
      const { id, message_id } = c.req.valid("param");
      const body = c.req.valid("json");
      const { message } = await messages.act(c.var.user, {
        kind: "edit",
        roomId: id,
        messageId: message_id,
        clientEventId: body.client_event_id,
        text: body.text,
      });
      return c.json({ message }, 200);
    },
  );

  router.openapi(
    route({
      method: "delete",
      path: "/rooms/{id}/messages/{message_id}",
      operationId: "deleteMessage",
      tags,
      security: bearer,
      summary: "Delete my message, or any message of a room I own (its text is erased); " +
        "deleting a deleted message also answers 204",
      request: { params: MessageParams, query: ClientEventQuery },
      errors: [...ACTION_ERRORS, "forbidden"],
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const { id, message_id } = c.req.valid("param");
      await messages.act(c.var.user, {
        kind: "delete",
        roomId: id,
        messageId: message_id,
        clientEventId: c.req.valid("query").client_event_id,
      });
      return c.body(null, 204);
    },
  );

  for (const method of ["put", "delete"] as const) {
    const kind = method === "put" ? "react" : "unreact";
    router.openapi(
      route({
        method,
        path: "/rooms/{id}/messages/{message_id}/reactions/{emoji}",
        operationId: method === "put" ? "addReaction" : "removeReaction",
        tags,
        security: bearer,
        summary: method === "put"
          ? "React to a message with one emoji (URL-encoded); one per user, message and emoji"
          : "Take back my reaction with this emoji",
        request: { params: ReactionParams, query: ClientEventQuery },
        errors: [
          ...ACTION_ERRORS,
          "message_deleted",
          ...(kind === "react" ? ["too_many_reactions" as const] : []),
        ],
        responses: { 200: json(MessageResponse, "The message with its reactions now") },
      }),
      async (c) => {
        const { id, message_id, emoji } = c.req.valid("param");
        const action: Action = {
          kind,
          roomId: id,
          messageId: message_id,
          clientEventId: c.req.valid("query").client_event_id,
          emoji,
        };
        const { message } = await messages.act(c.var.user, action);
        return c.json({ message }, 200);
      },
    );
  }

  router.openapi(
    route({
      method: "get",
      path: "/rooms/{id}/threads/{root_id}/messages",
      operationId: "listThread",
      tags,
      security: bearer,
      summary: "A page of a thread's replies, ascending seq, paged as the timeline is",
      request: { params: ThreadParams, query: HistoryQuery },
      errors: ["room_not_found", "message_not_found"],
      responses: { 200: json(HistoryPage, "Replies") },
    }),
    async (c) => {
      const { id, root_id } = c.req.valid("param");
      const page = await messages.thread(c.var.user.id, id, root_id, c.req.valid("query"));
      return c.json(page, 200);
    },
  );

  router.openapi(
    route({
      method: "get",
      path: "/rooms/{id}/events",
      operationId: "listEvents",
      tags,
      security: bearer,
      summary: "The room's events after after_seq, ascending seq: what resume replays",
      request: { params: z.object({ id: z.uuid() }), query: EventsQuery },
      errors: ["room_not_found"],
      responses: { 200: json(EventPage, "Events") },
    }),
    async (c) => {
      const page = await messages.events(
        c.var.user.id,
        c.req.valid("param").id,
        c.req.valid("query"),
      );
      return c.json(page, 200);
    },
  );

  return router;
}
