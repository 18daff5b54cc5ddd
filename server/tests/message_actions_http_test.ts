import assert from "node:assert/strict";
import { allEvents, api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("over HTTP: one idempotency key across WebSocket and HTTP, a thread paged by keyset, unread counts through deletes and thread replies", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const as = (who: typeof alice) => (method: string, path: string, body?: unknown) =>
      api(server.url, method, path, body, who.access_token);
    const [asAlice, asBob] = [as(alice), as(bob)];
    const roomId: string = (await asAlice("POST", "/rooms", { name: "http" })).body.room.id;
    await asBob("POST", `/rooms/${roomId}/join`);
    const post = async (text: string, extra: Record<string, string> = {}) =>
      (await asAlice("POST", `/rooms/${roomId}/messages`, {
        text,
        client_msg_id: crypto.randomUUID(),
        ...extra,
      })).body.message;
    const root = await post("root"); // seq 3

    // An edit sent over WebSocket and repeated over HTTP with the same key: applied once.
    const key = crypto.randomUUID();
    const ws = await WsClient.connect(server.wsUrl, alice.access_token);
    clients.push(ws);
    ws.send({
      type: "edit",
      room_id: roomId,
      message_id: root.id,
      client_event_id: key,
      text: "R",
    });
    assert.equal((await ws.nextOfType("ack")).seq, 4);
    const again = await asAlice("PATCH", `/rooms/${roomId}/messages/${root.id}`, {
      text: "something else",
      client_event_id: key,
    });
    assert.deepEqual([again.status, again.body.message.text], [200, "R"]);
    const thumbs = `/rooms/${roomId}/messages/${root.id}/reactions/${encodeURIComponent("👍")}`;
    const reactKey = `?client_event_id=${crypto.randomUUID()}`;
    assert.equal((await asBob("PUT", thumbs + reactKey)).body.message.reactions[0].count, 1);
    assert.equal((await asBob("PUT", thumbs + reactKey)).body.message.reactions[0].count, 1);
    assert.equal(
      (await asBob("PUT", `${thumbs}?client_event_id=${crypto.randomUUID()}`)).status,
      200,
    );
    const bad = await asBob("PUT", `/rooms/${roomId}/messages/${root.id}/reactions/ab`);
    assert.deepEqual([bad.status, bad.body.error.code], [400, "invalid_request"]);
    assert.deepEqual(
      (await allEvents(server.url, bob.access_token, roomId)).map((e) => `${e.seq} ${e.type}`),
      [
        "1 member_joined",
        "2 member_joined",
        "3 message_posted",
        "4 message_edited",
        "5 reaction_added",
      ],
      "each key applied once, the second reaction changed nothing",
    );

    // A thread of five replies, paged two at a time; the timeline shows only the root.
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await post(`reply ${i}`, { thread_root_id: root.id }));
    const thread = (query: string) =>
      asBob("GET", `/rooms/${roomId}/threads/${root.id}/messages${query}`);
    const first = await thread("?limit=2");
    assert.deepEqual(
      [first.body.messages.map((m: { text: string }) => m.text), first.body.has_more],
      [["reply 3", "reply 4"], true],
    );
    const before = await thread(`?limit=2&before_seq=${first.body.messages[0].seq}`);
    assert.deepEqual(before.body.messages.map((m: { text: string }) => m.text), [
      "reply 1",
      "reply 2",
    ]);
    const timeline = await asBob("GET", `/rooms/${roomId}/messages`);
    assert.deepEqual(
      timeline.body.messages.map((m: { text: string; reply_count: number }) => [
        m.text,
        m.reply_count,
      ]),
      [["R", 5]],
    );

    // Unread: others' timeline messages after my marker, not deleted, not thread replies.
    const other = await post("other");
    const unread = async () =>
      (await asBob("GET", "/rooms")).body.rooms.find((r: { id: string }) => r.id === roomId)
        .unread_count;
    assert.equal(await unread(), 2, "root and other; the five replies do not count");
    const deleted = await asAlice("DELETE", `/rooms/${roomId}/messages/${other.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await asAlice("DELETE", `/rooms/${roomId}/messages/${other.id}`)).status, 204);
    assert.equal(await unread(), 1, "the deleted one no longer counts");
    await asAlice("DELETE", `/rooms/${roomId}/messages/${replies[0].id}`);
    const [rootNow] = (await asBob("GET", `/rooms/${roomId}/messages`)).body.messages;
    assert.equal(rootNow.reply_count, 4);
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});
