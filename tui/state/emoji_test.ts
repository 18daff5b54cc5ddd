import assert from "node:assert/strict";
import { emojiOf, shortcodeMatches } from "./emoji.ts";

Deno.test("emojiOf() reads :shortcodes:, bare names and emoji, and nothing else", () => {
  assert.equal(emojiOf(":+1:"), "👍");
  assert.equal(emojiOf(":tada:"), "🎉");
  assert.equal(emojiOf("heart"), "❤️");
  assert.equal(emojiOf("👋🏽"), "👋🏽");
  assert.equal(emojiOf(":no-such-emoji:"), null);
  assert.equal(emojiOf("two 🎉🎉"), null);
});

Deno.test("shortcodeMatches() puts the exact name first, then shorter names", () => {
  const matches = shortcodeMatches("thumbs");
  assert.deepEqual(matches.slice(0, 2).map((m) => m.emoji).sort(), ["👍", "👎"].sort());
  assert.equal(shortcodeMatches("tada")[0]?.emoji, "🎉");
  assert.deepEqual(shortcodeMatches(""), []);
  assert.ok(shortcodeMatches("s").length <= 20);
});
