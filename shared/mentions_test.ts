import assert from "node:assert/strict";
import { mentionsUser } from "./mentions.ts";

Deno.test("mentionsUser() counts @name, @room outside direct rooms, and direct messages", () => {
  assert.equal(mentionsUser("ping @Bob", "public", "bob"), true);
  assert.equal(mentionsUser("ping @bobby", "public", "bob"), false);
  assert.equal(mentionsUser("mail bob@bob.dev", "private", "bob"), false);
  assert.equal(mentionsUser("@room deploy", "private", "bob"), true);
  assert.equal(mentionsUser("anything", "direct", "bob"), true);
  assert.equal(mentionsUser("", "direct", "bob"), false, "a deleted message mentions nobody");
});
