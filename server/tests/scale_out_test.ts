import assert from "node:assert/strict";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("two instances on one database and bus: users on either cannot tell", async (t) => {
  const a = await startTestServer();
  const b = await startTestServer({ sharing: a });
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(a.url, "alice");
    const bob = await signUp(b.url, "bob");
    const room = await api(a.url, "POST", "/rooms", { name: "general" }, alice.access_token);
    const roomId: string = room.body.room.id;
    await api(b.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);

    const bobWs = await WsClient.connect(b.wsUrl, bob.access_token);
    clients.push(bobWs);

    await t.step("presence: bob on B sees alice come online on A", async () => {
      const aliceWs = await WsClient.connect(a.wsUrl, alice.access_token);
      clients.push(aliceWs);
      const online = await bobWs.nextOfType("presence");
      assert.deepEqual([online.username, online.status], ["alice", "online"]);
      const members = await api(
        b.url,
        "GET",
        `/rooms/${roomId}/members`,
        undefined,
        bob.access_token,
      );
      assert.deepEqual(
        members.body.members.map((m: { user: { username: string }; online: boolean }) => [
          m.user.username,
          m.online,
        ]),
        [["alice", true], ["bob", true]],
      );
      const rooms = await api(a.url, "GET", "/rooms", undefined, alice.access_token);
      assert.equal(rooms.body.rooms[0].online_count, 2);
    });

    await t.step("messages both ways, in seq order, each once", async () => {
      const aliceWs = clients[1]!;
      const sent: string[] = [];
      for (let i = 0; i < 20; i++) {
        const [ws, name] = i % 2 ? [bobWs, "bob"] : [aliceWs, "alice"];
        const text = `${name} ${i}`;
        sent.push(text);
        ws.send({ type: "send", room_id: roomId, client_msg_id: crypto.randomUUID(), text });
      }
      for (const ws of [aliceWs, bobWs]) {
        const seqs: number[] = [];
        while (seqs.length < 20) seqs.push((await ws.nextMessage()).message.seq);
        // seqs 1 and 2 are alice's and bob's joins
        assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 3));
      }
      const history = await api(
        a.url,
        "GET",
        `/rooms/${roomId}/messages`,
        undefined,
        alice.access_token,
      );
      assert.deepEqual(
        history.body.messages.map((m: { text: string }) => m.text).sort(),
        sent.sort(),
      );
    });

    await t.step(
      "read on A: bob's other login on B gets read_marker and the unread count",
      async () => {
        const bobOnA = await WsClient.connect(a.wsUrl, bob.access_token);
        clients.push(bobOnA);
        // The 20 messages above are seqs 3..22; bob has read up to his own newest one.
        bobOnA.send({ type: "read", room_id: roomId, seq: 22 });
        const marker = await bobWs.nextOfType("read_marker", 1000);
        assert.deepEqual([marker.room_id, marker.last_read_seq, marker.unread_count], [
          roomId,
          22,
          0,
        ]);
        await bobOnA.close();
      },
    );

    await t.step("typing on A reaches B", async () => {
      clients[1]!.send({ type: "typing", room_id: roomId });
      const typing = await bobWs.nextOfType("typing");
      assert.equal(typing.user.username, "alice");
    });

    await t.step(
      "presence: alice's last connection closes and B hears she is offline",
      async () => {
        await clients[1]!.close();
        const offline = await bobWs.nextOfType("presence");
        assert.deepEqual([offline.username, offline.status], ["alice", "offline"]);
        const members = await api(
          b.url,
          "GET",
          `/rooms/${roomId}/members`,
          undefined,
          bob.access_token,
        );
        assert.equal(members.body.members[0].online, false);
      },
    );
  } finally {
    for (const c of clients) await c.close();
    await b.close();
    await a.close();
  }
});

Deno.test("presence of a user whose instance stopped heartbeating lapses after the TTL", async () => {
  const a = await startTestServer({ presenceTtlMs: 600 });
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(a.url, "alice");
    const bob = await signUp(a.url, "bob");
    const dm = await api(a.url, "POST", "/dms", { username: "bob" }, alice.access_token);
    const bobWs = await WsClient.connect(a.wsUrl, bob.access_token);
    clients.push(bobWs);
    // An instance that dies says no goodbye: alice's entry is recorded as another instance's
    // connection that nobody refreshes.
    await a.presence.connect({ userId: alice.user.id, connectionId: "on-a-dead-instance" });
    const rooms = await api(a.url, "GET", "/rooms", undefined, bob.access_token);
    assert.equal(
      rooms.body.rooms.find((r: { id: string }) => r.id === dm.body.room.id).peer_online,
      true,
    );
    const offline = await bobWs.nextOfType("presence", 3000);
    assert.deepEqual([offline.username, offline.status], ["alice", "offline"]);
  } finally {
    for (const c of clients) await c.close();
    await a.close();
  }
});
