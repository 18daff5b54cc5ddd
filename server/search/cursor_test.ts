import assert from "node:assert/strict";
import { ChatError } from "../../shared/mod.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";

const ID = "0b7e4b5e-3f1c-4d55-9a36-2a8d0ad3c6a1";

Deno.test("a cursor decodes to its id for its own listing only", () => {
  const cursor = encodeCursor("relevance", ID);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.equal(decodeCursor(cursor, "relevance"), ID);
  for (const other of ["newest", "mentions"] as const) {
    assert.throws(
      () => decodeCursor(cursor, other),
      (e) => (e as ChatError).code === "invalid_request",
    );
  }
});

Deno.test("anything but a cursor is invalid_request", () => {
  for (const bad of ["not-valid", "", btoa('{"k":"newest","id":"x"}'), btoa("[]")]) {
    assert.throws(() => decodeCursor(bad, "newest"), ChatError, bad);
  }
});
