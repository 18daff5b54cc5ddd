import assert from "node:assert/strict";
import { HistoryPage, SearchPage, type TokenPair } from "../../shared/mod.ts";
import { api, signUp } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("GET /search and around_seq over HTTP", async (t) => {
  const server = await startTestServer();
  try {
    const [alice, bob, carol] = await Promise.all(
      ["alice", "bob", "carol"].map((name) => signUp(server.url, name)),
    ) as [TokenPair, TokenPair, TokenPair];
    const call = (who: TokenPair, method: string, path: string, body?: unknown) =>
      api(server.url, method, path, body, who.access_token);
    const post = async (who: TokenPair, roomId: string, text: string) => {
      const res = await call(who, "POST", `/rooms/${roomId}/messages`, {
        text,
        client_msg_id: crypto.randomUUID(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.message.seq as number;
    };
    const search = async (who: TokenPair, query: Record<string, string>) => {
      const res = await call(who, "GET", `/search?${new URLSearchParams(query)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return SearchPage.parse(res.body);
    };
    const roomNames = async (who: TokenPair, q: string) =>
      (await search(who, { q })).hits.map((h) => h.room.name ?? `dm:${h.message.sender.username}`)
        .sort();
    const create = async (name: string, visibility: string) =>
      (await call(alice, "POST", "/rooms", { name, visibility })).body.room.id as string;

    const plaza = await create("plaza", "public");
    const vault = await create("vault", "private");
    const dm = (await call(alice, "POST", "/dms", { username: "bob" })).body.room.id as string;
    await call(alice, "POST", `/rooms/${vault}/members`, { username: "bob" });
    await post(alice, plaza, "orbit check in plaza");
    await post(alice, vault, "orbit check in vault");
    await post(alice, dm, "orbit check in dm");

    await t.step("who sees which room's hits: members all, outsiders public only", async () => {
      // viewer -> rooms whose hits they get (plaza public, vault private, dm alice-bob)
      const matrix: [TokenPair, string[]][] = [
        [alice, ["dm:alice", "plaza", "vault"]],
        [bob, ["dm:alice", "plaza", "vault"]],
        [carol, ["plaza"]],
      ];
      for (const [who, expected] of matrix) {
        assert.deepEqual(await roomNames(who, "orbit"), expected, who.user.username);
      }
      await call(bob, "POST", `/rooms/${vault}/leave`);
      assert.deepEqual(await roomNames(bob, "orbit"), ["dm:alice", "plaza"], "after leaving");
      for (const room of [vault, dm]) {
        const res = await call(carol, "GET", `/search?q=orbit&room_id=${room}`);
        assert.deepEqual([res.status, res.body.error.code], [404, "room_not_found"]);
      }
      const narrowed = await search(carol, { q: "orbit", room_id: plaza });
      assert.deepEqual(narrowed.hits.map((h) => h.room.id), [plaza]);
    });

    await t.step("a hit carries its room and a snippet whose parts mark the match", async () => {
      const [hit] = (await search(carol, { q: "orbit", room_id: plaza })).hits;
      assert.deepEqual(hit!.room, { id: plaza, kind: "public", name: "plaza" });
      assert.deepEqual(hit!.snippet, [
        { text: "orbit", match: true },
        { text: " check in plaza", match: false },
      ]);
    });

    await t.step("bad filters and cursors are clear errors", async () => {
      const expectError = async (query: string, status: number, code: string) => {
        const res = await call(alice, "GET", `/search?${query}`);
        assert.deepEqual([res.status, res.body.error.code], [status, code], query);
      };
      await expectError("q=orbit&from=nobody_here", 404, "user_not_found");
      await expectError("q=orbit&cursor=bm90LWEtY3Vyc29y", 400, "invalid_request");
      await expectError("q=%20", 400, "invalid_request");
      await expectError("q=orbit&limit=51", 400, "invalid_request");
      const page = await search(alice, { q: "orbit", limit: "1" });
      assert.ok(page.next_cursor);
      // A newest-first cursor does not continue a relevance listing.
      await expectError(
        `q=orbit&sort=relevance&cursor=${page.next_cursor}`,
        400,
        "invalid_request",
      );
      const next = await search(alice, { q: "orbit", limit: "1", cursor: page.next_cursor! });
      assert.notEqual(next.hits[0]!.message.id, page.hits[0]!.message.id);
    });

    await t.step("around_seq centres a history page on a message", async () => {
      for (let i = 1; i <= 20; i++) await post(alice, plaza, `line ${i}`);
      const around = async (query: string) => {
        const res = await call(carol, "GET", `/rooms/${plaza}/messages?${query}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const page = HistoryPage.parse(res.body);
        return { seqs: page.messages.map((m) => m.seq), has_more: page.has_more };
      };
      // plaza: seq 1 is alice's member_joined (she created it), seq 2 "orbit check in plaza",
      // then "line 1".."line 20" at seqs 3..22
      assert.deepEqual(await around("around_seq=10&limit=5"), {
        seqs: [8, 9, 10, 11, 12],
        has_more: true,
      });
      assert.deepEqual(await around("around_seq=2&limit=6"), {
        seqs: [2, 3, 4, 5, 6, 7],
        has_more: true,
      });
      assert.deepEqual(await around("around_seq=22&limit=4"), {
        seqs: [19, 20, 21, 22],
        has_more: true,
      });
      assert.deepEqual(await around("around_seq=3&limit=30"), {
        seqs: Array.from({ length: 21 }, (_, i) => i + 2),
        has_more: false,
      });
      const both = await call(carol, "GET", `/rooms/${plaza}/messages?around_seq=3&before_seq=9`);
      assert.deepEqual([both.status, both.body.error.code], [400, "invalid_request"]);
      const hidden = await call(carol, "GET", `/rooms/${vault}/messages?around_seq=1`);
      assert.deepEqual([hidden.status, hidden.body.error.code], [404, "room_not_found"]);
    });
  } finally {
    await server.close();
  }
});
