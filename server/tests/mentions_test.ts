import assert from "node:assert/strict";
import { MentionPage, RoomList, type TokenPair } from "../../shared/mod.ts";
import { api, signUp } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("mentions, @room and notification levels over HTTP", async (t) => {
  const server = await startTestServer({ rateLimits: { roomMention: { points: 2, seconds: 60 } } });
  try {
    const [alice, bob, carol] = await Promise.all(
      ["alice", "bob", "carol"].map((name) => signUp(server.url, name)),
    ) as [TokenPair, TokenPair, TokenPair];
    const call = (who: TokenPair, method: string, path: string, body?: unknown) =>
      api(server.url, method, path, body, who.access_token);
    const send = (who: TokenPair, roomId: string, text: string) =>
      call(who, "POST", `/rooms/${roomId}/messages`, { text, client_msg_id: crypto.randomUUID() });
    const post = async (who: TokenPair, roomId: string, text: string) => {
      const res = await send(who, roomId, text);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.message.seq as number;
    };
    /** room name (or "dm") -> [mention_count, unread_count, notification_level] */
    const badges = async (who: TokenPair) => {
      const { rooms } = RoomList.parse((await call(who, "GET", "/rooms")).body);
      return Object.fromEntries(
        rooms.map((r) => [r.name ?? "dm", [r.mention_count, r.unread_count, r.notification_level]]),
      );
    };
    const plaza = (await call(alice, "POST", "/rooms", { name: "plaza" })).body.room.id as string;
    const dm = (await call(alice, "POST", "/dms", { username: "bob" })).body.room.id as string;
    await call(bob, "POST", `/rooms/${plaza}/join`);
    await call(carol, "POST", `/rooms/${plaza}/join`);

    await t.step("mention_count counts unread mentions; direct messages count", async () => {
      await post(alice, plaza, "hi all");
      await post(alice, plaza, "@bob can you look?");
      const last = await post(alice, plaza, "thanks @Bob");
      await post(alice, dm, "psst");
      assert.deepEqual(await badges(bob), {
        plaza: [2, 3, "mentions"],
        dm: [1, 1, "all"],
      });
      assert.deepEqual((await badges(carol)).plaza, [0, 3, "mentions"]);
      await call(bob, "POST", `/rooms/${plaza}/read`, { seq: last });
      assert.deepEqual((await badges(bob)).plaza, [0, 0, "mentions"]);
    });

    await t.step("GET /mentions lists mine newest first, paged, with unread flags", async () => {
      const list = async (query = "") => {
        const res = await call(bob, "GET", `/mentions${query}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return MentionPage.parse(res.body);
      };
      const all = await list();
      assert.deepEqual(all.mentions.map((m) => [m.message.text, m.room.name, m.unread]), [
        ["psst", null, true],
        ["thanks @Bob", "plaza", false],
        ["@bob can you look?", "plaza", false],
      ]);
      const first = await list("?limit=2");
      assert.equal(first.mentions.length, 2);
      const rest = await list(`?limit=2&cursor=${first.next_cursor}`);
      assert.deepEqual(rest.mentions.map((m) => m.message.text), ["@bob can you look?"]);
      assert.equal(rest.next_cursor, null);
      const bad = await call(bob, "GET", "/mentions?cursor=bm90LWEtY3Vyc29y");
      assert.deepEqual([bad.status, bad.body.error.code], [400, "invalid_request"]);
    });

    await t.step("@room mentions every member, within RATE_LIMIT_ROOM_MENTION", async () => {
      await post(bob, plaza, "@room release at noon");
      assert.deepEqual([(await badges(alice)).plaza![0], (await badges(carol)).plaza![0]], [1, 1]);
      await post(carol, plaza, "@room me too");
      await post(carol, plaza, "@room and again");
      const refused = await send(carol, plaza, "@room once more");
      assert.deepEqual([refused.status, refused.body.error.code], [429, "rate_limited"]);
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
      assert.equal((await send(carol, plaza, "plain text still goes")).status, 201);
    });

    await t.step("PUT /rooms/:id/notifications sets my level; others keep theirs", async () => {
      const put = (who: TokenPair, roomId: string, level: unknown) =>
        call(who, "PUT", `/rooms/${roomId}/notifications`, { level });
      const muted = await put(bob, plaza, "none");
      assert.deepEqual([muted.status, muted.body], [200, { room_id: plaza, level: "none" }]);
      assert.equal((await put(bob, dm, "mentions")).body.level, "mentions");
      assert.deepEqual(
        [
          (await badges(bob)).plaza![2],
          (await badges(bob)).dm![2],
          (await badges(carol)).plaza![2],
        ],
        ["none", "mentions", "mentions"],
      );
      const outsider = await signUp(server.url, "dave");
      const notMember = await put(outsider, plaza, "all");
      assert.deepEqual([notMember.status, notMember.body.error.code], [403, "not_member"]);
      const hidden = await put(carol, dm, "all");
      assert.deepEqual([hidden.status, hidden.body.error.code], [404, "room_not_found"]);
      const bad = await put(bob, plaza, "loud");
      assert.deepEqual([bad.status, bad.body.error.code], [400, "invalid_request"]);
    });
  } finally {
    await server.close();
  }
});
