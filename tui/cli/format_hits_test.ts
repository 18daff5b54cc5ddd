import assert from "node:assert/strict";
import { message, room, user } from "../tests/fixtures.ts";
import { formatHits, formatMentions, localTime } from "./format_hits.ts";

const ops = room("ops");
const dm = room("dm-bob", { kind: "direct" });
const bob = user("bob");
const ref = (r: typeof ops) => ({ id: r.id, kind: r.kind, name: r.name });

Deno.test("formatHits() aligns room, sender and time, and joins the snippet on one line", () => {
  const hit = message(ops, 1, bob, "x");
  const lines = formatHits([
    {
      message: hit,
      room: ref(ops),
      snippet: [{ text: "the ", match: false }, { text: "deploy\nfailed", match: true }],
    },
    { message: message(dm, 1, bob, "y"), room: ref(dm), snippet: [{ text: "psst", match: false }] },
  ], new Map([[dm.id, bob]]));
  const time = localTime(hit.created_at);
  assert.deepEqual(lines, [`#ops  bob  ${time}  the deploy failed`, `@bob  bob  ${time}  psst`]);
});

Deno.test("formatMentions() marks unread mentions and names unknown direct rooms", () => {
  const m = message(dm, 2, bob, "hi");
  const [line] = formatMentions([{ message: m, room: ref(dm), unread: true }], new Map());
  assert.equal(line, `* (direct)  bob  ${localTime(m.created_at)}  hi`);
});
