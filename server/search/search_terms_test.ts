import assert from "node:assert/strict";
import { searchTerms } from "./search_terms.ts";

Deno.test("searchTerms() takes prefix words out, negated or not, and leaves the rest", () => {
  assert.deepEqual(searchTerms('"ship it" depl* -wip* or fix'), {
    websearch: '"ship it" or fix',
    prefixes: "'depl':* & !'wip':*",
  });
});

Deno.test("searchTerms() leaves stars inside quotes and in words with other characters", () => {
  assert.deepEqual(searchTerms('"dep*" a\'b* *'), { websearch: '"dep*" a\'b* *', prefixes: "" });
  assert.deepEqual(searchTerms("défi* 日本*"), { websearch: "", prefixes: "'défi':* & '日本':*" });
});
