/**
 * The AsyncAPI 3 document of the WebSocket protocol at `GET /api/v1/ws`, generated from the frame
 * schemas of `shared/frames.ts` and the close codes of `shared/close_codes.ts`, so that the
 * document and the frames the server parses and sends cannot drift apart.
 *
 * @module
 */
import { z } from "zod";
import { ClientFrame, CLOSE_CODES, ServerFrame } from "../../shared/mod.ts";

/** A JSON value of the document. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Where the client and server frames appear in the document. */
export const FRAME_OPERATIONS = {
  client: "receiveClientFrame",
  server: "sendServerFrame",
} as const;

/**
 * The AsyncAPI 3.1 document. Client frames are messages the server `receive`s, server frames
 * messages it `send`s, each with its JSON Schema payload (draft-07, as AsyncAPI's default schema
 * format expects); named shared schemas (`Message`, `Room`, ...) become `components.schemas`.
 * Close codes are in `info.description` for people and in `x-close-codes` for programs.
 *
 * @param version the API version, `version` of deno.json
 * @param host `host[:port]` the document is served from, for its `servers` entry
 * @throws {Error} when two uses of a named schema generate different JSON Schemas
 */
export function asyncApiDocument(version: string, host: string): Record<string, Json> {
  const schemas: Record<string, Json> = {};
  const messages: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  const channelMessages: Record<string, Json> = {};

  const directions = [
    { direction: "client", union: ClientFrame, io: "input", action: "receive" },
    { direction: "server", union: ServerFrame, io: "output", action: "send" },
  ] as const;
  for (const { direction, union, io, action } of directions) {
    const refs: Json[] = [];
    for (const frame of union.options) {
      const type = frame.shape.type.value;
      const key = `${direction}_${type}`;
      const { $schema: _, definitions = {}, ...payload } = z.toJSONSchema(frame, {
        target: "draft-07",
        io,
      }) as Record<string, Json> & { definitions?: Record<string, Json> };
      for (const [id, schema] of Object.entries(definitions)) {
        const moved = componentRefs(schema);
        if (id in schemas && JSON.stringify(schemas[id]) !== JSON.stringify(moved)) {
          throw new Error(`Schema "${id}" differs between frames: give one of them another id`);
        }
        schemas[id] = moved;
      }
      messages[key] = {
        name: type,
        title: `${type} (${direction === "client" ? "client to server" : "server to client"})`,
        summary: String(payload.description ?? ""),
        contentType: "application/json",
        payload: componentRefs(payload),
      };
      channelMessages[key] = { $ref: `#/components/messages/${key}` };
      refs.push({ $ref: `#/channels/chat/messages/${key}` });
    }
    operations[FRAME_OPERATIONS[direction]] = {
      action,
      channel: { $ref: "#/channels/chat" },
      summary: direction === "client"
        ? "Frames a client sends; the first must be hello"
        : "Frames the server sends to a connection",
      messages: refs,
    };
  }

  const closeCodes = Object.values(CLOSE_CODES).map((c) => ({
    code: c.code,
    reason: c.reason,
    reconnect: c.reconnect,
    advice: c.advice,
  }));
  return {
    asyncapi: "3.1.0",
    info: {
      title: "chat WebSocket protocol",
      version,
      description: DESCRIPTION + closeCodes.map((c) => `| ${c.code} | ${c.reason} | ${c.advice} |`)
        .join("\n"),
    },
    defaultContentType: "application/json",
    servers: {
      chat: {
        host,
        protocol: "ws",
        pathname: "/api/v1",
        description: "This server; use wss behind TLS",
      },
    },
    channels: {
      chat: {
        address: "/ws",
        title: "The chat connection",
        description: "One WebSocket per client; every frame is one JSON text message.",
        servers: [{ $ref: "#/servers/chat" }],
        messages: channelMessages,
      },
    },
    operations,
    components: { messages, schemas },
    "x-close-codes": closeCodes,
  };
}

const DESCRIPTION = `The WebSocket protocol of the chat server. Connect to \`/api/v1/ws\`, send \
\`hello\` with an access token from \`POST /api/v1/auth/login\` (see the OpenAPI document at \
[/api/v1/openapi.json](/api/v1/openapi.json)), and receive \`welcome\`, then the events of \
every room you belong to. Errors are \`error\` frames with the codes of the HTTP API.

Close codes (also in \`x-close-codes\`):

| Code | Reason | Reconnect? |
| ---- | ------ | ---------- |
`;

/** `value` with JSON Schema `#/definitions/X` references pointed at `#/components/schemas/X`. */
function componentRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(componentRefs);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string"
        ? v.replace("#/definitions/", "#/components/schemas/")
        : componentRefs(v),
    ]),
  );
}
