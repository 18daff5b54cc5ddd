import assert from "node:assert/strict";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { searchTerms } from "../search/search_terms.ts";
import { MATCH_END, MATCH_START } from "../search/snippet.ts";
import { openTestDatabase } from "../testing/test_database.ts";
import type { SearchRequest } from "./search_store.ts";
import { createStore, type Store } from "./store.ts";

interface World {
  store: Store;
  db: SqlExecutor;
  alice: string;
  room: string;
  post(text: string, roomId?: string): Promise<string>;
  find(q: string, more?: Partial<SearchRequest>): Promise<string[]>;
}

/** A store with alice in a public room; `find` returns the texts of the hits, in order. */
async function withWorld(fn: (w: World) => Promise<void>) {
  const t = await openTestDatabase();
  const store = createStore(t.db);
  try {
    const alice = (await store.users.create("alice", "h")).id;
    const room = (await store.rooms.create("public", "general", "", alice)).id;
    const post = async (text: string, roomId = room) => {
      const stored = await store.messages.append({
        roomId,
        senderId: alice,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text,
      });
      assert.equal(stored.status, "stored");
      return stored.status === "stored" ? stored.message.id : "";
    };
    const find = async (q: string, more: Partial<SearchRequest> = {}) => {
      const hits = await store.search.search({
        userId: alice,
        ...searchTerms(q),
        sort: "newest",
        limit: 50,
        ...more,
      });
      return hits.map((h) => h.message.text);
    };
    await fn({ store, db: t.db, alice, room, post, find });
  } finally {
    await t.close();
  }
}

Deno.test("search finds messages by word (stemmed), phrase and prefix, newest first", () =>
  withWorld(async ({ post, find }) => {
    await post("We are deploying the release tonight");
    await post("release notes are in the wiki");
    await post("notes on the release");
    assert.deepEqual(await find("deploy"), ["We are deploying the release tonight"]);
    assert.deepEqual(await find("release"), [
      "notes on the release",
      "release notes are in the wiki",
      "We are deploying the release tonight",
    ]);
    assert.deepEqual(await find('"release notes"'), ["release notes are in the wiki"]);
    assert.deepEqual(await find("depl*"), ["We are deploying the release tonight"]);
    assert.deepEqual(await find("release -wiki"), [
      "notes on the release",
      "We are deploying the release tonight",
    ]);
    assert.deepEqual(await find("wiki or tonight"), [
      "release notes are in the wiki",
      "We are deploying the release tonight",
    ]);
    assert.deepEqual(await find("the"), [], "stop words alone match nothing");
  }));

Deno.test("search finds an edited message by its new text only, and a deleted one never", () =>
  withWorld(async ({ db, post, find }) => {
    const edited = await post("the old wording");
    const deleted = await post("a secret plan");
    // What the event stream's edit and delete do to a message's text (delete erases it).
    await db.query("update messages set text = 'the new phrasing' where id = $1", [edited]);
    await db.query("update messages set text = '' where id = $1", [deleted]);
    assert.deepEqual(await find("wording"), []);
    assert.deepEqual(await find("phrasing"), ["the new phrasing"]);
    assert.deepEqual(await find("secret"), []);
    assert.deepEqual(await find("plan*"), []);
  }));

Deno.test("search covers my rooms and public rooms, never private or direct rooms of others", () =>
  withWorld(async ({ store, alice, room, post, find }) => {
    const bob = (await store.users.create("bob", "h")).id;
    const hideout = (await store.rooms.create("private", "hideout", "", alice)).id;
    const dm = (await store.rooms.openDirect(alice, bob)).room.id;
    const open = (await store.rooms.create("public", "open", "", bob)).id;
    await post("marker in general", room);
    await post("marker in hideout", hideout);
    await post("marker in dm", dm);
    await store.rooms.addMember(open, alice, alice);
    await post("marker in open", open);
    await store.rooms.removeMember(open, alice);
    const asBob = (q: string) => find(q, { userId: bob });
    assert.deepEqual((await find("marker")).sort(), [
      "marker in dm",
      "marker in general",
      "marker in hideout",
      "marker in open",
    ]);
    assert.deepEqual((await asBob("marker")).sort(), [
      "marker in dm",
      "marker in general",
      "marker in open",
    ]);
    assert.deepEqual(await asBob("hideout"), []);
  }));

Deno.test("search narrows by room, sender and time", () =>
  withWorld(async ({ store, db, alice, room, post, find }) => {
    const bob = (await store.users.create("bob", "h")).id;
    await store.rooms.addMember(room, bob, bob);
    const other = (await store.rooms.create("public", "other", "", alice)).id;
    const old = await post("topic alpha in general");
    await post("topic alpha elsewhere", other);
    await db.query("update messages set created_at = '2020-01-01T00:00:00Z' where id = $1", [old]);
    const byBob = await store.messages.append({
      roomId: room,
      senderId: bob,
      clientMsgId: crypto.randomUUID(),
      kind: "text",
      text: "topic alpha from bob",
    });
    assert.equal(byBob.status, "stored");
    assert.deepEqual(await find("alpha", { roomId: other }), ["topic alpha elsewhere"]);
    assert.deepEqual(await find("alpha", { senderId: bob }), ["topic alpha from bob"]);
    const cut = new Date("2021-01-01T00:00:00Z");
    assert.deepEqual(await find("alpha", { before: cut }), ["topic alpha in general"]);
    assert.deepEqual((await find("alpha", { after: cut })).length, 2);
  }));

Deno.test("search pages without repeats or gaps, in both sorts, while messages arrive", () =>
  withWorld(async ({ store, alice, post }) => {
    for (let i = 0; i < 23; i++) await post(`needle ${i}${" needle".repeat(i % 4)}`);
    for (const sort of ["newest", "relevance"] as const) {
      const request = { userId: alice, ...searchTerms("needle"), sort };
      const all = (await store.search.search({ ...request, limit: 100 })).map((h) => h.message.id);
      const seen: string[] = [];
      let afterId: string | undefined;
      for (let page = 0; page < 10; page++) {
        const hits = await store.search.search({ ...request, afterId, limit: 5 });
        seen.push(...hits.slice(0, 5).map((h) => h.message.id));
        if (hits.length <= 5) break;
        afterId = hits[4]!.message.id;
        // Newer matches arriving between pages must not shift the next page.
        await post("needle arriving later");
      }
      assert.equal(new Set(seen).size, seen.length, `${sort}: no repeats`);
      if (sort === "newest") assert.deepEqual(seen, all, "the newest-first pages are the list");
      // By relevance a later arrival may rank below the cursor and join; nothing is skipped.
      else assert.deepEqual(all.filter((id) => !seen.includes(id)), [], "relevance: no gaps");
    }
    const ranked = await store.search.search({
      userId: alice,
      ...searchTerms("needle"),
      sort: "relevance",
      limit: 3,
    });
    assert.ok(ranked.every((h) => h.message.text.split("needle").length === 5), "most first");
  }));

Deno.test("search marks the matched words in the headline, around the match", () =>
  withWorld(async ({ store, alice, post }) => {
    const long = `${"filler words here ".repeat(20)}the deployment failed ${"tail ".repeat(30)}`;
    await post(long.trim());
    const [hit] = await store.search.search({
      userId: alice,
      ...searchTerms("deployment"),
      sort: "newest",
      limit: 5,
    });
    assert.ok(hit!.headline.includes(`${MATCH_START}deployment${MATCH_END} failed`), hit!.headline);
    assert.ok(hit!.headline.length < long.length / 2, hit!.headline);
  }));
