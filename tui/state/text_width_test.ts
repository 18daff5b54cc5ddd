import assert from "node:assert/strict";
import { sanitize, textWidth, truncate, wrapText } from "./text_width.ts";

Deno.test("textWidth() counts wide characters as two cells and combining marks as none", () => {
  assert.equal(textWidth("abc"), 3);
  assert.equal(textWidth("漢字"), 4);
  assert.equal(textWidth("e\u0301"), 1);
  assert.equal(textWidth("👍"), 2);
});

Deno.test("sanitize() drops escape sequences and bidi overrides, keeps newlines on request", () => {
  assert.equal(sanitize("a\u001b[2Jb\u202Ec\td"), "a[2Jbc d");
  assert.equal(sanitize("a\nb"), "a b");
  assert.equal(sanitize("a\nb", true), "a\nb");
});

Deno.test("truncate() ends cut text with an ellipsis within the width", () => {
  assert.equal(truncate("general", 10), "general");
  assert.equal(truncate("engineering-team", 8), "enginee…");
  assert.equal(textWidth(truncate("漢字漢字漢字", 5)), 5);
});

Deno.test("wrapText() wraps at spaces, breaks long words and keeps hard line breaks", () => {
  assert.deepEqual(wrapText("the quick brown fox", 10), ["the quick", "brown fox"]);
  assert.deepEqual(wrapText("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
  assert.deepEqual(wrapText("one\n\ntwo", 10), ["one", "", "two"]);
  assert.deepEqual(wrapText("", 10), [""]);
  for (const line of wrapText("漢字漢字漢字 mixed with latin words", 7)) {
    assert.ok(textWidth(line) <= 7, line);
  }
});
