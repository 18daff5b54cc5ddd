import assert from "node:assert/strict";
import { ResilientClient } from "../testing/resilient_client.ts";
import { openServerHome } from "../testing/server_home.ts";
import { freePort, type ServerProcess, spawnServer } from "../testing/server_process.ts";
import { allMessages, api, signUp } from "../testing/test_client.ts";

const PER_CLIENT = 500;
/** Total acks after which the server is killed, once each. */
const KILL_AT = [300, 650];

Deno.test("two clients exchange 1,000 messages across two SIGKILLs without loss or duplicate", async () => {
  const home = await openServerHome("chat_crash_");
  const port = freePort();
  let server: ServerProcess | undefined = await spawnServer({ port, home });
  const clients: ResilientClient[] = [];
  try {
    const run = crypto.randomUUID().slice(0, 8);
    const alice = await signUp(server.url, `alice_${run}`);
    const bob = await signUp(server.url, `bob_${run}`);
    const created = await api(
      server.url,
      "POST",
      "/rooms",
      { name: `crash-${run}` },
      alice.access_token,
    );
    const roomId: string = created.body.room.id;
    const joined = await api(
      server.url,
      "POST",
      `/rooms/${roomId}/join`,
      undefined,
      bob.access_token,
    );
    assert.equal(joined.status, 200);

    for (const { access_token } of [alice, bob]) {
      const client = new ResilientClient({
        baseUrl: server.url,
        wsUrl: server.wsUrl,
        token: access_token,
        roomId,
      });
      clients.push(client);
      client.start();
    }
    const [aliceClient, bobClient] = clients as [ResilientClient, ResilientClient];
    for (let i = 0; i < PER_CLIENT; i++) {
      aliceClient.send(`alice ${i}`);
      bobClient.send(`bob ${i}`);
    }
    const acked = () => aliceClient.acks.size + bobClient.acks.size;

    const restarts: number[] = [];
    for (const threshold of KILL_AT) {
      await aliceClient.until(() => acked() >= threshold, `${threshold} acks`, 60_000);
      server.kill("SIGKILL");
      const { signal }: Deno.CommandStatus = await server.exited();
      assert.equal(signal, "SIGKILL");
      const started = Date.now();
      server = undefined;
      server = await spawnServer({ port, home });
      restarts.push(Date.now() - started);
    }

    for (const client of clients) {
      await client.until(
        () => client.outboxSize === 0 && client.lastSeq === 2 * PER_CLIENT,
        "every message is acknowledged and received",
        60_000,
      );
    }
    const stored = await allMessages(server.url, alice.access_token, roomId);
    console.log(
      `restarts took ${restarts.join(", ")} ms; connections: alice ${aliceClient.connections}, ` +
        `bob ${bobClient.connections}; acks at the kills: ${KILL_AT.join(", ")}`,
    );

    assert.deepEqual(
      stored.map((m) => m.seq),
      Array.from({ length: 2 * PER_CLIENT }, (_, i) => i + 1),
      "the database holds seqs 1..1000 without a gap",
    );
    const storedIds = stored.map((m) => m.client_msg_id);
    assert.equal(new Set(storedIds).size, storedIds.length, "no client_msg_id is stored twice");
    assert.deepEqual(
      new Set(storedIds),
      new Set([...aliceClient.sent, ...bobClient.sent]),
      "every message sent is stored, thanks to the resends",
    );
    const byClientMsgId = new Map(stored.map((m) => [m.client_msg_id, m]));
    for (const client of clients) {
      assert.deepEqual(client.anomalies, [], client.describe());
      assert.deepEqual(client.view, stored, "the client's view equals the database");
      assert.ok(client.connections >= 3, `reconnected after each kill: ${client.describe()}`);
      for (const [clientMsgId, ack] of client.acks) {
        const message = byClientMsgId.get(clientMsgId);
        assert.ok(message, `acknowledged ${clientMsgId} is stored`);
        assert.deepEqual([ack.message_id, ack.seq], [message.id, message.seq]);
      }
    }
    // Each sender's messages are stored in the order it sent them.
    for (const [name, client] of [["alice", aliceClient], ["bob", bobClient]] as const) {
      assert.deepEqual(
        stored.filter((m) => m.text.startsWith(`${name} `)).map((m) => m.client_msg_id),
        client.sent,
      );
    }
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    server?.kill("SIGKILL");
    await server?.exited();
    await home.close();
  }
});
