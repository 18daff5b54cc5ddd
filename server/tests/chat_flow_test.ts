import assert from "node:assert/strict";
import { startTestServer } from "../testing/test_server.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";

Deno.test("two users meet in a room and exchange messages in real time", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");

    const created = await api(server.url, "POST", "/rooms", {
      name: "general",
      topic: "Everything",
    }, alice.access_token);
    assert.equal(created.status, 201);
    const roomId: string = created.body.room.id;

    const publicRooms = await api(
      server.url,
      "GET",
      "/rooms?scope=public",
      undefined,
      bob.access_token,
    );
    assert.deepEqual(publicRooms.body.rooms.map((r: { name: string }) => r.name), ["general"]);

    const aliceWs = await WsClient.connect(server.wsUrl, alice.access_token);
    clients.push(aliceWs);
    assert.equal(
      (await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token)).status,
      200,
    );
    // seq 1 is alice's own member_joined, from creating the room
    const joined = await aliceWs.nextEvent("member_joined");
    assert.deepEqual([joined.seq, joined.user.username], [2, "bob"]);

    const bobWs = await WsClient.connect(server.wsUrl, bob.access_token);
    clients.push(bobWs);
    const bobSecond = await WsClient.connect(server.wsUrl, bob.access_token);
    clients.push(bobSecond);

    const clientMsgId = crypto.randomUUID();
    aliceWs.send({ type: "send", room_id: roomId, client_msg_id: clientMsgId, text: "  hi bob  " });
    const ack = await aliceWs.nextOfType("ack");
    assert.deepEqual([ack.ref, ack.seq, ack.room_id], [clientMsgId, 3, roomId]);

    for (const ws of [aliceWs, bobWs, bobSecond]) {
      const { message } = await ws.nextMessage();
      assert.deepEqual(
        [message.seq, message.text, message.sender.username, message.id, message.client_msg_id],
        [3, "hi bob", "alice", ack.message_id, clientMsgId],
      );
    }

    bobWs.send({ type: "send", room_id: roomId, client_msg_id: crypto.randomUUID(), text: "hey" });
    assert.equal((await bobWs.nextOfType("ack")).seq, 4);
    // Every connection of every member gets the message, the sending one and its sibling too.
    for (const ws of [aliceWs, bobWs, bobSecond]) {
      assert.equal((await ws.nextMessage()).message.text, "hey");
    }

    const history = await api(
      server.url,
      "GET",
      `/rooms/${roomId}/messages`,
      undefined,
      bob.access_token,
    );
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.messages.map((m: { seq: number; text: string }) => [m.seq, m.text]),
      [
        [3, "hi bob"],
        [4, "hey"],
      ],
    );
    assert.equal(history.body.has_more, false);

    const aliceRooms = await api(server.url, "GET", "/rooms", undefined, alice.access_token);
    assert.deepEqual(
      [aliceRooms.body.rooms[0].unread_count, aliceRooms.body.rooms[0].last_message.text],
      [1, "hey"],
    );
    aliceWs.send({ type: "read", room_id: roomId, seq: 4 });
    const marker = await aliceWs.nextOfType("read_marker");
    assert.deepEqual([marker.room_id, marker.last_read_seq, marker.unread_count], [roomId, 4, 0]);
    const afterRead = await api(server.url, "GET", "/rooms", undefined, alice.access_token);
    assert.equal(afterRead.body.rooms[0].unread_count, 0);
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});

Deno.test("typing reaches the other members but not the typist", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const dm = await api(server.url, "POST", "/dms", { username: "bob" }, alice.access_token);
    const roomId = dm.body.room.id;
    const aliceWs = await WsClient.connect(server.wsUrl, alice.access_token);
    const bobWs = await WsClient.connect(server.wsUrl, bob.access_token);
    clients.push(aliceWs, bobWs);
    aliceWs.send({ type: "typing", room_id: roomId });
    const typing = await bobWs.nextOfType("typing");
    assert.deepEqual([typing.room_id, typing.user.username], [roomId, "alice"]);
    aliceWs.send({ type: "ping" });
    await aliceWs.nextOfType("pong");
    assert.equal(aliceWs.frames.some((f) => f.type === "typing"), false);
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});

Deno.test("a connected user learns of rooms they are added to and receives their messages", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const bobWs = await WsClient.connect(server.wsUrl, bob.access_token);
    clients.push(bobWs);
    const room = await api(
      server.url,
      "POST",
      "/rooms",
      { name: "secret", visibility: "private" },
      alice.access_token,
    );
    const roomId = room.body.room.id;
    const invited = await api(
      server.url,
      "POST",
      `/rooms/${roomId}/members`,
      { username: "bob" },
      alice.access_token,
    );
    assert.equal(invited.status, 201);
    const event = await bobWs.nextEvent("member_added");
    assert.deepEqual([event.seq, event.actor.username, event.user.username, event.room.name], [
      2,
      "alice",
      "bob",
      "secret",
    ]);

    const sent = await api(server.url, "POST", `/rooms/${roomId}/messages`, {
      text: "welcome",
      client_msg_id: crypto.randomUUID(),
    }, alice.access_token);
    assert.equal(sent.status, 201);
    assert.equal((await bobWs.nextMessage()).message.text, "welcome");

    await api(server.url, "PATCH", `/rooms/${roomId}`, { topic: "new topic" }, alice.access_token);
    const updated = await bobWs.nextEvent("room_updated");
    assert.deepEqual([updated.seq, updated.room.topic], [4, "new topic"]);

    assert.equal(
      (await api(server.url, "DELETE", `/rooms/${roomId}`, undefined, alice.access_token)).status,
      204,
    );
    const deleted = await bobWs.nextEvent("room_deleted");
    assert.equal(deleted.room.id, roomId);
    const rooms = await api(server.url, "GET", "/rooms", undefined, bob.access_token);
    assert.deepEqual(rooms.body.rooms, []);
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});
