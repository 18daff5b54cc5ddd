import assert from "node:assert/strict";
import { Emoji } from "./reactions.ts";

Deno.test("Emoji accepts one RGI emoji sequence: simple, presentation, modifier, ZWJ, flag", () => {
  for (const emoji of ["👍", "❤️", "👋🏽", "👨‍👩‍👧", "🏳️‍🌈", "🇫🇷", "1️⃣"]) {
    assert.equal(Emoji.safeParse(emoji).success, true, emoji);
  }
});

Deno.test("Emoji refuses text, two emoji, an emoji with text and the empty string", () => {
  for (const text of ["", "a", "+1", ":thumbsup:", "👍👍", "👍 ", " 👍", "x👍", "\u200d"]) {
    assert.equal(Emoji.safeParse(text).success, false, JSON.stringify(text));
  }
});
