import assert from "node:assert/strict";
import type { ServerFrame } from "../../shared/mod.ts";
import { busDrained } from "../testing/bus_drained.ts";
import { allMessages, api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

type Ack = Extract<ServerFrame, { type: "ack" }>;

/** What two acks of one stored message must share. */
function identity(ack: Ack) {
  return [ack.room_id, ack.ref, ack.message_id, ack.seq];
}

Deno.test("a send repeated 6 times, across a reconnect and over HTTP, stores one message and returns identical acks", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const room = await api(server.url, "POST", "/rooms", { name: "retry" }, alice.access_token);
    const roomId: string = room.body.room.id;
    const clientMsgId = crypto.randomUUID();
    const send = {
      type: "send",
      room_id: roomId,
      client_msg_id: clientMsgId,
      text: "once",
    } as const;

    const first = await WsClient.connect(server.wsUrl, alice.access_token);
    clients.push(first);
    first.send(send);
    const original = await first.nextOfType("ack");
    assert.equal((await first.nextMessage()).message.id, original.message_id);
    first.send(send);
    const acks = [await first.nextOfType("ack")];
    await first.close();

    // The client lost its connection before it saw the ack: it reconnects and sends again.
    const second = await WsClient.connect(server.wsUrl);
    clients.push(second);
    second.send({ type: "hello", token: alice.access_token, resume: { [roomId]: 0 } });
    await second.nextOfType("welcome");
    assert.equal((await second.nextEvent("member_joined")).seq, 1, "alice created the room");
    assert.equal((await second.nextMessage()).message.id, original.message_id);
    assert.equal((await second.nextOfType("synced")).seq, 2, "after alice's join, seq 1");
    for (let i = 0; i < 2; i++) {
      second.send(send);
      acks.push(await second.nextOfType("ack"));
    }

    const http = await api(
      server.url,
      "POST",
      `/rooms/${roomId}/messages`,
      { client_msg_id: clientMsgId, text: "once" },
      alice.access_token,
    );
    assert.equal(http.status, 200, "a repeat over HTTP is 200, not 201");
    assert.deepEqual(
      [http.body.message.id, http.body.message.seq, http.body.message.text],
      [original.message_id, original.seq, "once"],
    );

    // Even with another text, the key decides: the original is returned and nothing changes.
    second.send({ ...send, text: "changed" });
    acks.push(await second.nextOfType("ack"));
    for (const ack of acks) assert.deepEqual(identity(ack), identity(original));

    // A repeat is not delivered again: once the bus has drained, nothing came after the pong.
    await busDrained(server.bus);
    second.send({ type: "ping" });
    await second.nextOfType("pong");
    assert.deepEqual(second.frames.filter((f) => f.type === "event"), []);

    const stored = await allMessages(server.url, alice.access_token, roomId);
    assert.deepEqual(stored.map((m) => [m.seq, m.client_msg_id, m.text]), [[
      2,
      clientMsgId,
      "once",
    ]]);
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});

Deno.test("concurrent repeats on two connections and HTTP store one message and agree on its ack", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const room = await api(server.url, "POST", "/rooms", { name: "race" }, alice.access_token);
    const roomId: string = room.body.room.id;
    await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    for (let i = 0; i < 2; i++) {
      clients.push(await WsClient.connect(server.wsUrl, alice.access_token));
    }

    for (let round = 0; round < 10; round++) {
      const clientMsgId = crypto.randomUUID();
      const body = { client_msg_id: clientMsgId, text: `round ${round}` };
      const send = { type: "send", room_id: roomId, ...body } as const;
      for (const client of clients) {
        client.send(send);
        client.send(send);
      }
      const posted = await Promise.all(
        [1, 2].map(() =>
          api(server.url, "POST", `/rooms/${roomId}/messages`, body, alice.access_token)
        ),
      );
      const acks = (await Promise.all(
        clients.flatMap((c) => [c.nextOfType("ack"), c.nextOfType("ack")]),
      )).map(identity);
      assert.equal(new Set(acks.map((a) => JSON.stringify(a))).size, 1, JSON.stringify(acks));
      const [, , messageId, seq] = acks[0]!;
      const created = posted.filter((r) => r.status === 201).length;
      assert.ok(posted.every((r) => r.status === 200 || r.status === 201));
      assert.ok(created <= 1, "at most the first of all the attempts is stored");
      for (const r of posted) {
        assert.deepEqual([r.body.message.id, r.body.message.seq], [messageId, seq]);
      }
    }
    // The key is (room, sender, client_msg_id): the same id from another sender is a new message.
    const reused = (await allMessages(server.url, bob.access_token, roomId))[0]!.client_msg_id;
    const bobs = await api(
      server.url,
      "POST",
      `/rooms/${roomId}/messages`,
      { client_msg_id: reused, text: "mine" },
      bob.access_token,
    );
    assert.deepEqual([bobs.status, bobs.body.message.seq], [201, 13]);

    // seqs 1 and 2 are the joins
    const stored = await allMessages(server.url, alice.access_token, roomId);
    assert.equal(stored.length, 11);
    assert.deepEqual(stored.map((m) => m.seq), Array.from({ length: 11 }, (_, i) => i + 3));
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});
