import assert from "node:assert/strict";
import { type Message, MESSAGE_MAX_LENGTH } from "../../shared/mod.ts";
import { roomChannel } from "../bus/bus.ts";
import { postedEvent } from "../store/event_store.ts";
import { busDrained } from "../testing/bus_drained.ts";
import { ResilientClient } from "../testing/resilient_client.ts";
import { allMessages, api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";
import { until } from "../testing/within.ts";

/** Alice's room with bob in it, and a connection for each. */
async function aliceAndBobConnected(server: TestServer) {
  const alice = await signUp(server.url, "alice");
  const bob = await signUp(server.url, "bob");
  const room = await api(server.url, "POST", "/rooms", { name: "order" }, alice.access_token);
  const roomId: string = room.body.room.id;
  await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
  const clients = [
    await WsClient.connect(server.wsUrl, alice.access_token),
    await WsClient.connect(server.wsUrl, bob.access_token),
  ];
  return { alice, bob, roomId, clients };
}

/** Stores a message without publishing it, as if its bus event were lost. */
async function appendSilently(server: TestServer, roomId: string, senderId: string, text?: string) {
  const clientMsgId = crypto.randomUUID();
  const result = await server.store.messages.append({
    roomId,
    senderId,
    clientMsgId,
    kind: "text",
    text: text ?? `silent ${clientMsgId}`,
  });
  assert.equal(result.status, "stored");
  return (result as { message: Message }).message;
}

/**
 * The seqs of the client's `event` frames in arrival order, once `last` is among them, the
 * server's bus has drained and a ping has been answered after that (so that a late duplicate
 * would be there too, with Redis as well).
 */
async function seqsUpTo(server: TestServer, client: WsClient, last: number): Promise<number[]> {
  const seqs = () => client.frames.flatMap((f) => f.type === "event" ? [f.event.seq] : []);
  await until(() => seqs().includes(last), 10_000, () => `message ${last}; got ${seqs()}`);
  await busDrained(server.bus);
  client.send({ type: "ping" });
  await client.nextOfType("pong");
  return seqs();
}

/** Statements run by the server's store that were selects (history pages, gap fills). */
async function selectCount(server: TestServer): Promise<number> {
  const { values } = await server.metrics.dbQueryDuration.get();
  return values.find((v) =>
    v.metricName === "chat_db_query_duration_seconds_count" && v.labels.operation === "select"
  )?.value ?? 0;
}

Deno.test("a message whose bus event was lost is filled in from the store, in order, once", async () => {
  const server = await startTestServer();
  let clients: WsClient[] = [];
  try {
    const setup = await aliceAndBobConnected(server);
    clients = setup.clients;
    await appendSilently(server, setup.roomId, setup.alice.user.id);
    clients[0]!.send({
      type: "send",
      room_id: setup.roomId,
      client_msg_id: crypto.randomUUID(),
      text: "announced",
    });
    // seqs 1 and 2 are the joins, before the connections
    for (const client of clients) assert.deepEqual(await seqsUpTo(server, client, 4), [3, 4]);
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});

Deno.test("a gap fill far larger than the socket bound reaches readers that keep up, unclosed", async () => {
  const server = await startTestServer();
  let clients: WsClient[] = [];
  try {
    const setup = await aliceAndBobConnected(server);
    clients = setup.clients;
    // 200 of the longest messages (12 KiB each): 2.4 MB filled in one go, past the 1 MiB bound.
    const longest = "€".repeat(MESSAGE_MAX_LENGTH);
    await Promise.all(
      Array.from(
        { length: 200 },
        () => appendSilently(server, setup.roomId, setup.alice.user.id, longest),
      ),
    );
    clients[0]!.send({
      type: "send",
      room_id: setup.roomId,
      client_msg_id: crypto.randomUUID(),
      text: "announced",
    });
    const all = Array.from({ length: 201 }, (_, i) => i + 3);
    for (const client of clients) {
      assert.deepEqual(await seqsUpTo(server, client, 203), all);
      assert.equal(client.closeCode, null);
    }
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});

Deno.test("bus events out of order and repeated are delivered in seq order, once each", async () => {
  const server = await startTestServer();
  let clients: WsClient[] = [];
  try {
    const setup = await aliceAndBobConnected(server);
    clients = setup.clients;
    const first = await appendSilently(server, setup.roomId, setup.alice.user.id);
    const second = await appendSilently(server, setup.roomId, setup.alice.user.id);
    const publish = (message: Message) =>
      server.bus.publish(roomChannel(setup.roomId), {
        kind: "frame",
        frame: { type: "event", event: postedEvent(message, null) },
      });
    const selectsBefore = await selectCount(server);
    await publish(second);
    await publish(first);
    await publish(second);
    for (const client of clients) assert.deepEqual(await seqsUpTo(server, client, 4), [3, 4]);
    assert.equal(await selectCount(server), selectsBefore, "a late event closed the gap, no query");
    await publish(first);
    const third = await appendSilently(server, setup.roomId, setup.alice.user.id);
    await publish(third);
    for (const client of clients) {
      assert.deepEqual(await seqsUpTo(server, client, 5), [3, 4, 5]);
    }
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});

Deno.test("two instances: concurrent senders on each, every client sees seqs 1..202 once, as stored", async () => {
  const first = await startTestServer();
  const second = await startTestServer({ sharing: first });
  const clients: ResilientClient[] = [];
  try {
    const alice = await signUp(first.url, "alice");
    const bob = await signUp(second.url, "bob");
    const room = await api(first.url, "POST", "/rooms", { name: "pair" }, alice.access_token);
    const roomId: string = room.body.room.id;
    await api(second.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    for (const [server, user] of [[first, alice], [second, bob]] as const) {
      const client = new ResilientClient({
        baseUrl: server.url,
        wsUrl: server.wsUrl,
        token: user.access_token,
        roomId,
      });
      clients.push(client);
      client.start();
      await client.until(() => client.connections === 1, "connected");
    }
    for (let i = 0; i < 100; i++) {
      for (const client of clients) client.send(`message ${i}`);
    }
    for (const client of clients) {
      // 200 messages after the two joins
      await client.until(() => client.lastSeq === 202 && client.outboxSize === 0, "200 messages");
    }
    const stored = await allMessages(first.url, alice.access_token, roomId);
    assert.equal(stored.length, 200);
    for (const client of clients) {
      assert.deepEqual(client.anomalies, [], client.describe());
      assert.equal(client.connections, 1, "no reconnect hid a delivery problem");
      assert.deepEqual(client.view, stored);
    }
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await second.close();
    await first.close();
  }
});
