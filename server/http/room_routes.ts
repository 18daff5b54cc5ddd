/**
 * `/rooms`, `/rooms/:id`, membership routes and `/dms`.
 *
 * @module
 */
import { z } from "zod";
import {
  CreateRoomBody,
  EmptyBody,
  MemberList,
  MemberResponse,
  RoomList,
  RoomListQuery,
  RoomResponse,
  UpdateRoomBody,
  UsernameBody,
} from "../../shared/mod.ts";
import type { MiddlewareHandler } from "hono";
import type { RoomService } from "../rooms/room_service.ts";
import {
  type AppEnv,
  bearer,
  createRouter,
  json,
  jsonBody,
  optionalJsonBody,
  route,
} from "./router.ts";

/** `{id}` path parameter of a room. */
export const RoomParams = z.object({ id: z.uuid() });

/** Routes of rooms, memberships and direct rooms; `authenticate` is the access-token middleware. */
export function roomRoutes(authenticate: MiddlewareHandler<AppEnv>, rooms: RoomService) {
  const router = createRouter();
  const tags = ["rooms"];
  router.use("/rooms", authenticate);
  router.use("/rooms/*", authenticate);
  router.use("/dms", authenticate);
  const me = (c: { var: { user: { id: string; username: string } } }) => ({
    id: c.var.user.id,
    username: c.var.user.username,
  });

  router.openapi(
    route({
      method: "get",
      path: "/rooms",
      operationId: "listRooms",
      tags,
      security: bearer,
      summary: "My rooms with unread counts, or with scope=public the public rooms I can join",
      request: { query: RoomListQuery },
      responses: { 200: json(RoomList, "Rooms") },
    }),
    async (c) => {
      const { scope } = c.req.valid("query");
      const list = scope === "public"
        ? await rooms.listPublic(c.var.user.id)
        : await rooms.listMine(c.var.user.id);
      return c.json({ rooms: list }, 200);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/rooms",
      operationId: "createRoom",
      tags,
      security: bearer,
      summary: "Create a room; the creator becomes its owner and first member",
      request: jsonBody(CreateRoomBody),
      errors: ["room_name_taken"],
      responses: { 201: json(RoomResponse, "The new room") },
    }),
    async (c) => c.json({ room: await rooms.create(me(c), c.req.valid("json")) }, 201),
  );

  router.openapi(
    route({
      method: "get",
      path: "/rooms/{id}",
      operationId: "getRoom",
      tags,
      security: bearer,
      summary: "A room",
      request: { params: RoomParams },
      errors: ["room_not_found"],
      responses: { 200: json(RoomResponse, "The room") },
    }),
    async (c) => c.json({ room: await rooms.get(c.var.user.id, c.req.valid("param").id) }, 200),
  );

  router.openapi(
    route({
      method: "patch",
      path: "/rooms/{id}",
      operationId: "updateRoom",
      tags,
      security: bearer,
      summary: "Change a room's name, topic or visibility (owner only)",
      request: { params: RoomParams, ...jsonBody(UpdateRoomBody) },
      errors: ["forbidden", "room_not_found", "room_name_taken"],
      responses: { 200: json(RoomResponse, "The changed room") },
    }),
    async (c) => {
      const room = await rooms.update(c.var.user.id, c.req.valid("param").id, c.req.valid("json"));
      return c.json({ room }, 200);
    },
  );

  router.openapi(
    route({
      method: "delete",
      path: "/rooms/{id}",
      operationId: "deleteRoom",
      tags,
      security: bearer,
      summary: "Delete a room with its messages (owner only)",
      request: { params: RoomParams },
      errors: ["forbidden", "room_not_found"],
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      await rooms.delete(c.var.user.id, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/rooms/{id}/join",
      operationId: "joinRoom",
      tags,
      security: bearer,
      summary: "Join a public room",
      request: { params: RoomParams, ...optionalJsonBody(EmptyBody) },
      errors: ["room_not_found"],
      responses: { 200: json(RoomResponse, "The room") },
    }),
    async (c) => c.json({ room: await rooms.join(me(c), c.req.valid("param").id) }, 200),
  );

  router.openapi(
    route({
      method: "post",
      path: "/rooms/{id}/leave",
      operationId: "leaveRoom",
      tags,
      security: bearer,
      summary: "Leave a room; an owner who leaves passes ownership on",
      request: { params: RoomParams, ...optionalJsonBody(EmptyBody) },
      errors: ["invalid_request", "room_not_found"],
      responses: { 204: { description: "Left" } },
    }),
    async (c) => {
      await rooms.leave(me(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    route({
      method: "get",
      path: "/rooms/{id}/members",
      operationId: "listMembers",
      tags,
      security: bearer,
      summary: "Members of a room",
      request: { params: RoomParams },
      errors: ["room_not_found"],
      responses: { 200: json(MemberList, "Members, by username") },
    }),
    async (c) => {
      const members = await rooms.members(c.var.user.id, c.req.valid("param").id);
      return c.json({ members }, 200);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/rooms/{id}/members",
      operationId: "addMember",
      tags,
      security: bearer,
      summary: "Add a user to a room (owner only)",
      request: { params: RoomParams, ...jsonBody(UsernameBody) },
      errors: ["forbidden", "room_not_found", "user_not_found"],
      responses: { 201: json(MemberResponse, "The new member") },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const member = await rooms.invite(c.var.user.id, id, c.req.valid("json").username);
      return c.json({ member }, 201);
    },
  );

  router.openapi(
    route({
      method: "post",
      path: "/dms",
      operationId: "openDirectRoom",
      tags,
      security: bearer,
      summary: "The direct room with a user, created on first use",
      request: jsonBody(UsernameBody),
      errors: ["user_not_found"],
      responses: { 200: json(RoomResponse, "The direct room") },
    }),
    async (c) => c.json({ room: await rooms.openDirect(me(c), c.req.valid("json").username) }, 200),
  );

  return router;
}
