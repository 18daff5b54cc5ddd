import assert from "node:assert/strict";
import { snippetParts } from "./snippet.ts";

Deno.test("snippetParts() splits at the markers and merges neighbours", () => {
  assert.deepEqual(snippetParts("\u0002a\u0003\u0002b\u0003 c … \u0002d\u0003"), [
    { text: "ab", match: true },
    { text: " c … ", match: false },
    { text: "d", match: true },
  ]);
  assert.deepEqual(snippetParts("<b>plain</b>"), [{ text: "<b>plain</b>", match: false }]);
  assert.deepEqual(snippetParts(""), []);
});
