import assert from "node:assert/strict";
import { HistoryPage, RESUME_MAX_MESSAGES } from "../../shared/mod.ts";
import { ResilientClient } from "../testing/resilient_client.ts";
import { allMessages, api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";

/** Alice's room with bob in it. */
async function aliceAndBob(server: TestServer, name: string) {
  const alice = await signUp(server.url, "alice");
  const bob = await signUp(server.url, "bob");
  const room = await api(server.url, "POST", "/rooms", { name }, alice.access_token);
  const roomId: string = room.body.room.id;
  await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
  return { alice, bob, roomId };
}

/** Appends `count` messages straight to the store, as fast as it goes and with no bus event. */
async function appendDirectly(server: TestServer, roomId: string, senderId: string, count: number) {
  for (let i = 1; i <= count; i++) {
    const result = await server.store.messages.append({
      roomId,
      senderId,
      clientMsgId: crypto.randomUUID(),
      kind: "text",
      text: `stored ${i}`,
    });
    assert.equal(result.status, "stored");
  }
}

/** Opens a socket and says hello with `resume`; returns the client once `welcome` is in. */
async function resumeWith(server: TestServer, token: string, resume: Record<string, number>) {
  const ws = await WsClient.connect(server.wsUrl);
  ws.send({ type: "hello", token, resume });
  await ws.nextOfType("welcome");
  return ws;
}

Deno.test("resume replays exactly the missed events in order, messages as they are now, then synced", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const { alice, bob, roomId } = await aliceAndBob(server, "resume");
    await appendDirectly(server, roomId, alice.user.id, 10); // seqs 3-12 (1, 2: the joins)
    const { messages } = HistoryPage.parse(
      (await api(server.url, "GET", `/rooms/${roomId}/messages`, undefined, alice.access_token))
        .body,
    );
    const [fifth, sixth] = [messages[3]!, messages[4]!]; // seqs 6 and 7
    const edit = { text: "edited", client_event_id: crypto.randomUUID() };
    const path = `/rooms/${roomId}/messages`;
    assert.equal(
      (await api(server.url, "PATCH", `${path}/${fifth.id}`, edit, alice.access_token))
        .status,
      200,
    ); // seq 13
    assert.equal(
      (await api(server.url, "DELETE", `${path}/${sixth.id}`, undefined, alice.access_token))
        .status,
      204,
    ); // seq 14

    const ws = await resumeWith(server, bob.access_token, { [roomId]: 4 });
    clients.push(ws);
    const synced = await ws.nextOfType("synced");
    assert.deepEqual([synced.room_id, synced.seq, synced.truncated], [roomId, 14, false]);
    const replayed = ws.frames.flatMap((f) => f.type === "event" ? [f.event] : []);
    assert.deepEqual(
      ws.frames.map((f) => f.type === "event" ? `${f.event.seq} ${f.event.type}` : f.type),
      [
        ...[5, 6, 7, 8, 9, 10, 11, 12].map((seq) => `${seq} message_posted`),
        "13 message_edited",
        "14 message_deleted",
      ],
      "the missed events, in order, and nothing else before synced",
    );
    const posted = (seq: number) => {
      const e = replayed.find((e) => e.seq === seq);
      return e?.type === "message_posted" ? e.message : undefined;
    };
    assert.deepEqual([posted(6)?.text, posted(6)?.edited_at !== null], ["edited", true]);
    assert.deepEqual([posted(7)?.text, posted(7)?.deleted], ["", true], "deleted text is gone");
    assert.equal(JSON.stringify(ws.frames).includes("stored 5"), false);

    const upToDate = await resumeWith(server, bob.access_token, { [roomId]: 14 });
    clients.push(upToDate);
    assert.equal((await upToDate.nextOfType("synced")).seq, 14);
    assert.deepEqual(upToDate.frames, [], "nothing to replay");
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});

Deno.test("messages sent while a client reconnects again and again are neither lost nor duplicated", async () => {
  const server = await startTestServer();
  const clients: ResilientClient[] = [];
  try {
    const { alice, bob, roomId } = await aliceAndBob(server, "churn");
    const [sender, reader] = [alice, bob].map(({ access_token }) => {
      const client = new ResilientClient({
        baseUrl: server.url,
        wsUrl: server.wsUrl,
        token: access_token,
        roomId,
        window: 3,
        retryMs: 0,
      });
      clients.push(client);
      client.start();
      return client;
    }) as [ResilientClient, ResilientClient];
    for (let i = 0; i < 200; i++) sender.send(`live ${i}`);

    // Bob drops his connection every few messages, whenever he is connected.
    let drops = 0;
    while (sender.outboxSize > 0) {
      const at = reader.lastSeq;
      await reader.until(() => reader.lastSeq >= Math.min(at + 15, 202), "progress");
      reader.reconnect();
      drops++;
    }
    // seqs 1 and 2 are the joins
    await reader.until(() => reader.lastSeq === 202, "bob holds all 200 messages");
    assert.deepEqual(reader.anomalies, [], reader.describe());
    assert.ok(reader.connections >= 6, `bob reconnected ${drops} times: ${reader.describe()}`);
    assert.deepEqual(reader.view, await allMessages(server.url, bob.access_token, roomId));
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await server.close();
  }
});

Deno.test(`more than ${RESUME_MAX_MESSAGES} missed messages: the newest ${RESUME_MAX_MESSAGES}, synced truncated, and history has the rest`, async () => {
  const server = await startTestServer();
  let ws: WsClient | undefined;
  let client: ResilientClient | undefined;
  try {
    const { alice, bob, roomId } = await aliceAndBob(server, "truncated");
    const total = RESUME_MAX_MESSAGES + 50;
    await appendDirectly(server, roomId, alice.user.id, total);

    ws = await resumeWith(server, bob.access_token, { [roomId]: 0 });
    const synced = await ws.nextOfType("synced", 10_000);
    const last = total + 2; // after the two joins
    assert.deepEqual([synced.seq, synced.truncated], [last, true]);
    assert.deepEqual(
      ws.frames.map((f) => f.type === "event" ? f.event.seq : f.type),
      Array.from({ length: RESUME_MAX_MESSAGES }, (_, i) => last - RESUME_MAX_MESSAGES + 1 + i),
    );

    // A client that pages what the replay left out ends with the whole room.
    client = new ResilientClient({
      baseUrl: server.url,
      wsUrl: server.wsUrl,
      token: bob.access_token,
      roomId,
    });
    client.start();
    await client.until(() => client!.lastSeq === last, `bob holds all ${total} messages`);
    assert.deepEqual(client.anomalies, []);
    assert.deepEqual(client.view, await allMessages(server.url, bob.access_token, roomId));
  } finally {
    await ws?.close();
    await client?.stop();
    await server.close();
  }
});

Deno.test("resume entries for rooms one is not a member of are ignored", async () => {
  const server = await startTestServer();
  let ws: WsClient | undefined;
  try {
    const { alice, bob, roomId } = await aliceAndBob(server, "joined");
    const other = await api(
      server.url,
      "POST",
      "/rooms",
      { name: "not-joined" },
      alice.access_token,
    );
    const otherId: string = other.body.room.id;
    await appendDirectly(server, otherId, alice.user.id, 3);
    await appendDirectly(server, roomId, alice.user.id, 2);

    ws = await resumeWith(server, bob.access_token, {
      [otherId]: 0,
      [crypto.randomUUID()]: 0,
      [roomId]: 1,
    });
    ws.send({ type: "ping" });
    await ws.nextOfType("pong");
    assert.deepEqual(
      ws.frames.map((f) => f.type === "event" ? `${f.event.type} ${f.event.seq}` : f.type),
      ["member_joined 2", "message_posted 3", "message_posted 4", "synced"],
      "only the joined room is replayed",
    );
  } finally {
    await ws?.close();
    await server.close();
  }
});

Deno.test("a resume that claims a seq beyond the room's newest still gets every live message", async () => {
  const server = await startTestServer();
  let ws: WsClient | undefined;
  try {
    const { alice, bob, roomId } = await aliceAndBob(server, "ahead");
    await appendDirectly(server, roomId, alice.user.id, 2);
    const client = await resumeWith(server, bob.access_token, { [roomId]: 1000 });
    ws = client;
    assert.equal((await client.nextOfType("synced")).seq, 4, "synced reports the room's newest");
    for (let i = 0; i < 3; i++) {
      await api(server.url, "POST", `/rooms/${roomId}/messages`, {
        text: `live ${i}`,
        client_msg_id: crypto.randomUUID(),
      }, alice.access_token);
    }
    for (let i = 0; i < 3; i++) {
      const { message } = await client.nextMessage();
      assert.deepEqual([message.seq, message.text], [5 + i, `live ${i}`]);
    }
  } finally {
    await ws?.close();
    await server.close();
  }
});
