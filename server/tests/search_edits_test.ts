/**
 * Search and mentions follow the room event stream's edits and deletes (issues 11 and 14): the
 * edit and delete routes change a message's text, the generated search vector and the mentions
 * trigger follow it, whatever code path made the change.
 */
import assert from "node:assert/strict";
import { MentionPage, RoomList, SearchPage, type TokenPair } from "../../shared/mod.ts";
import { api, signUp } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("search and mentions after edits and deletes over HTTP", async () => {
  const server = await startTestServer();
  try {
    const [alice, bob] = await Promise.all(
      ["alice", "bob"].map((name) => signUp(server.url, name)),
    ) as [TokenPair, TokenPair];
    const call = (who: TokenPair, method: string, path: string, body?: unknown) =>
      api(server.url, method, path, body, who.access_token);
    const room = (await call(alice, "POST", "/rooms", { name: "plaza" })).body.room.id as string;
    await call(bob, "POST", `/rooms/${room}/join`);
    const post = async (text: string) => {
      const res = await call(alice, "POST", `/rooms/${room}/messages`, {
        text,
        client_msg_id: crypto.randomUUID(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.message.id as string;
    };
    const edit = async (id: string, text: string) => {
      const res = await call(alice, "PATCH", `/rooms/${room}/messages/${id}`, {
        text,
        client_event_id: crypto.randomUUID(),
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const remove = async (id: string) => {
      const res = await call(alice, "DELETE", `/rooms/${room}/messages/${id}`);
      assert.ok(res.status < 300, JSON.stringify(res.body));
    };
    const found = async (q: string) =>
      SearchPage.parse((await call(bob, "GET", `/search?q=${encodeURIComponent(q)}`)).body).hits
        .map((h) => h.message.text);
    const mentionCount = async () =>
      RoomList.parse((await call(bob, "GET", "/rooms")).body).rooms[0]!.mention_count;
    const mentions = async () =>
      MentionPage.parse((await call(bob, "GET", "/mentions")).body).mentions.map((m) =>
        m.message.text
      );

    const wording = await post("the old wording");
    const secret = await post("@bob the secret plan");
    const later = await post("ask somebody");
    assert.deepEqual(await mentions(), ["@bob the secret plan"]);

    await edit(wording, "the new phrasing");
    assert.deepEqual(await found("wording"), []);
    assert.deepEqual(await found("phrasing"), ["the new phrasing"]);

    await edit(later, "ask @bob");
    assert.equal(await mentionCount(), 2, "an edit that adds @bob mentions him");
    await remove(secret);
    assert.deepEqual(await found("secret"), []);
    assert.deepEqual(await found("plan*"), []);
    assert.equal(await mentionCount(), 1, "a deleted message mentions nobody");
    assert.deepEqual(await mentions(), ["ask @bob"]);
    await edit(later, "ask nobody");
    assert.equal(await mentionCount(), 0);
    assert.deepEqual(await mentions(), []);
  } finally {
    await server.close();
  }
});
