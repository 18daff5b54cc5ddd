import assert from "node:assert/strict";
import { message, room, user } from "../tests/fixtures.ts";
import { hitRows, mentionRows, resultsReducer, type ResultsView } from "./results_view.ts";

const ops = room("ops");
const bob = user("bob");
const ref = { id: ops.id, kind: ops.kind, name: ops.name };

Deno.test("results open loading, load rows, move within bounds and close", () => {
  let view: ResultsView | null = resultsReducer(null, {
    type: "results_opened",
    kind: "search",
    query: "deploy",
  });
  assert.deepEqual([view?.status, view?.rows.length], ["loading", 0]);
  const rows = hitRows([1, 2, 3].map((seq) => ({
    message: message(ops, seq, bob, `deploy ${seq}`),
    room: ref,
    snippet: [{ text: "deploy", match: true }],
  })));
  view = resultsReducer(view, { type: "results_loaded", rows });
  assert.deepEqual([view?.status, view?.selected, view?.rows.map((r) => r.seq)], [
    "loaded",
    0,
    [1, 2, 3],
  ]);
  view = resultsReducer(view, { type: "result_moved", delta: 10 });
  assert.equal(view?.selected, 2);
  view = resultsReducer(view, { type: "result_moved", delta: -1 });
  assert.equal(view?.selected, 1);
  assert.equal(resultsReducer(view, { type: "results_closed" }), null);
  assert.equal(resultsReducer(null, { type: "result_moved", delta: 1 }), null);
});

Deno.test("a failed search keeps the view open with the error", () => {
  const view = resultsReducer(
    resultsReducer(null, { type: "results_opened", kind: "mentions", query: "" }),
    { type: "results_failed", error: "Cannot reach the chat server" },
  );
  assert.deepEqual([view?.status, view?.error], ["failed", "Cannot reach the chat server"]);
});

Deno.test("mention rows carry the whole text and the unread flag", () => {
  const [row] = mentionRows([{
    message: message(ops, 4, bob, "@alice hi"),
    room: ref,
    unread: true,
  }]);
  assert.deepEqual([row!.snippet, row!.unread, row!.seq], [
    [{ text: "@alice hi", match: false }],
    true,
    4,
  ]);
});
