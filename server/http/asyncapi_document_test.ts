import assert from "node:assert/strict";
import { Parser } from "@asyncapi/parser";
import { ClientFrame, CLOSE_CODES, ErrorFrame, ServerFrame } from "../../shared/mod.ts";
import { asyncApiDocument, FRAME_OPERATIONS } from "./asyncapi_document.ts";

const doc = asyncApiDocument("1.2.3", "chat.example:8080");

/** The frame types a direction's operation lists, from the `type` const of each payload. */
function documentedTypes(operation: string): string[] {
  // deno-lint-ignore no-explicit-any
  const d = doc as any;
  return d.operations[operation].messages.map((ref: { $ref: string }) => {
    const key = ref.$ref.split("/").pop()!;
    const message = d.components.messages[d.channels.chat.messages[key].$ref.split("/").pop()];
    return message.payload.properties.type.const;
  }).sort();
}

/** The frame types of a union of `shared/frames.ts`, read from the schemas themselves. */
function schemaTypes(union: typeof ClientFrame | typeof ServerFrame): string[] {
  return union.options.map((frame) => frame.shape.type.value as string).sort();
}

Deno.test("asyncApiDocument() is valid AsyncAPI 3 by @asyncapi/parser, without diagnostics", async () => {
  const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
  assert.deepEqual(diagnostics.map((d) => `${d.code}: ${d.message} at ${d.path.join(".")}`), []);
  assert.ok(document);
  assert.match(document.version(), /^3\./);
  assert.equal(document.info().version(), "1.2.3");
  assert.equal(document.servers().all()[0]?.host(), "chat.example:8080");
});

Deno.test("asyncApiDocument() lists exactly the client frame types of shared/frames.ts", () => {
  assert.deepEqual(documentedTypes(FRAME_OPERATIONS.client), schemaTypes(ClientFrame));
});

Deno.test("asyncApiDocument() lists exactly the server frame types of shared/frames.ts", () => {
  assert.deepEqual(documentedTypes(FRAME_OPERATIONS.server), schemaTypes(ServerFrame));
});

Deno.test("asyncApiDocument() payloads are the frame schemas, shared types as components", () => {
  // deno-lint-ignore no-explicit-any
  const messages = (doc as any).components.messages;
  const send = messages.client_send.payload;
  assert.deepEqual([...send.required].sort(), ["client_msg_id", "room_id", "text", "type"]);
  assert.deepEqual(send.properties.kind.enum, ["text", "action"]);
  assert.equal(
    messages.server_event.payload.properties.event.$ref,
    "#/components/schemas/RoomEvent",
  );
  // deno-lint-ignore no-explicit-any
  assert.ok((doc as any).components.schemas.Message.properties.seq);
  assert.deepEqual(
    messages.server_error.payload.properties.code.enum,
    ErrorFrame.shape.code.options,
  );
});

Deno.test("asyncApiDocument() carries every close code with its reconnect advice", () => {
  // deno-lint-ignore no-explicit-any
  const listed = (doc as any)["x-close-codes"];
  assert.deepEqual(
    listed.map((c: { code: number; reconnect: boolean }) => [c.code, c.reconnect]),
    Object.values(CLOSE_CODES).map((c) => [c.code, c.reconnect]),
  );
  // deno-lint-ignore no-explicit-any
  const description: string = (doc as any).info.description;
  for (const { code, advice } of Object.values(CLOSE_CODES)) {
    assert.ok(description.includes(`| ${code} |`) && description.includes(advice), `${code}`);
  }
});
