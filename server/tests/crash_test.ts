import assert from "node:assert/strict";
import { ResilientClient } from "../testing/resilient_client.ts";
import { openServerHome } from "../testing/server_home.ts";
import { freePort, type ServerProcess, spawnServer } from "../testing/server_process.ts";
import { allEvents, allMessages, api, signUp } from "../testing/test_client.ts";

const PER_CLIENT = 500;
/** Messages each client queues before it starts acting on its own. */
const FIRST_BATCH = 200;
/** Total acks after which the clients queue their actions. */
const ACT_AT = 120;
/** How many of its first messages each client acts on (edits, reactions, deletes, replies). */
const ACTED_ON = 40;
/**
 * Total acks after which the server is killed, once each: the first among the first sends, the
 * second among the actions queued behind them.
 */
const KILL_AT = [300, 420];

Deno.test("two clients exchange 1,000 messages, edits, reactions, deletes and thread replies across two SIGKILLs without loss or duplicate", async () => {
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
    const named = [["alice", aliceClient], ["bob", bobClient]] as const;
    for (let i = 0; i < FIRST_BATCH; i++) {
      for (const [name, client] of named) client.send(`${name} ${i}`);
    }
    const acked = () => aliceClient.acks.size + bobClient.acks.size;

    // Once some messages are stored, each client acts on its own: edits, reactions, deletes and
    // thread replies go into the outbox behind the first sends and ahead of the rest, so the
    // kills fall among them.
    await aliceClient.until(() => acked() >= ACT_AT, `${ACT_AT} acks`, 60_000);
    const actions = { edit: 0, react: 0, unreact: 0, delete: 0, reply: 0 };
    for (const [name, client] of named) {
      const mine = client.sent.slice(0, ACTED_ON).flatMap((id) => {
        const ack = client.acks.get(id);
        return ack ? [ack.message_id] : [];
      });
      for (const [i, id] of mine.entries()) {
        if (i % 4 === 0) {
          client.act({ type: "edit", message_id: id, text: `${name} edited ${i}` });
          client.send(`thread ${name} ${i}`, id);
          actions.edit++;
          actions.reply++;
        } else if (i % 4 === 1) {
          client.act({ type: "react", message_id: id, emoji: "👍" });
          actions.react++;
        } else if (i % 4 === 2) {
          client.act({ type: "delete", message_id: id });
          actions.delete++;
        } else {
          client.act({ type: "react", message_id: id, emoji: "🎉" });
          client.act({ type: "unreact", message_id: id, emoji: "🎉" });
          actions.react++;
          actions.unreact++;
        }
      }
    }
    for (let i = FIRST_BATCH; i < PER_CLIENT; i++) {
      for (const [name, client] of named) client.send(`${name} ${i}`);
    }

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
      await client.until(() => client.outboxSize === 0, "everything acknowledged", 60_000);
    }
    const lastSeq: number =
      (await api(server.url, "GET", `/rooms/${roomId}`, undefined, alice.access_token)).body.room
        .last_seq;
    for (const client of clients) {
      await client.until(() => client.lastSeq === lastSeq, "every event received", 60_000);
    }
    const timeline = await allMessages(server.url, alice.access_token, roomId);
    const events = await allEvents(server.url, alice.access_token, roomId);
    console.log(
      `restarts took ${restarts.join(", ")} ms; connections: alice ${aliceClient.connections}, ` +
        `bob ${bobClient.connections}; acks at the kills: ${KILL_AT.join(", ")}; ` +
        `actions: ${JSON.stringify(actions)}; ${events.length} events`,
    );

    assert.deepEqual(
      events.map((e) => e.seq),
      Array.from({ length: lastSeq }, (_, i) => i + 1),
      "the room's events are numbered 1..last_seq without a gap",
    );
    const count = (type: string) => events.filter((e) => e.type === type).length;
    assert.deepEqual(
      [
        count("message_edited"),
        count("reaction_added"),
        count("reaction_removed"),
        count("message_deleted"),
        count("message_posted"),
      ],
      [
        actions.edit,
        actions.react,
        actions.unreact,
        actions.delete,
        2 * PER_CLIENT + actions.reply,
      ],
      "every action applied exactly once, whatever the resends",
    );
    const posted = events.flatMap((e) => e.type === "message_posted" ? [e.message] : []);
    const storedIds = posted.map((m) => m.client_msg_id);
    assert.equal(new Set(storedIds).size, storedIds.length, "no client_msg_id is stored twice");
    assert.deepEqual(
      new Set(storedIds),
      new Set([...aliceClient.sent, ...bobClient.sent]),
      "every message sent is stored, thanks to the resends",
    );
    const byClientMsgId = new Map(posted.map((m) => [m.client_msg_id, m]));
    for (const client of clients) {
      assert.deepEqual(client.anomalies, [], client.describe());
      assert.deepEqual(client.seqs, Array.from({ length: lastSeq }, (_, i) => i + 1));
      assert.deepEqual(
        client.view.filter((m) => m.thread_root_id === null),
        timeline,
        "the client's timeline, applied from live events and resumes, equals history",
      );
      for (const root of timeline.filter((m) => m.reply_count > 0)) {
        const { body } = await api(
          server.url,
          "GET",
          `/rooms/${roomId}/threads/${root.id}/messages`,
          undefined,
          alice.access_token,
        );
        assert.deepEqual(client.view.filter((m) => m.thread_root_id === root.id), body.messages);
      }
      assert.ok(client.connections >= 3, `reconnected after each kill: ${client.describe()}`);
      for (const [key, ack] of client.acks) {
        const message = byClientMsgId.get(key);
        if (!message) continue; // an action's ack
        assert.deepEqual([ack.message_id, ack.seq], [message.id, message.seq]);
      }
    }
    // Each sender's messages are stored in the order it sent them.
    for (const [name, client] of named) {
      assert.deepEqual(
        posted.filter((m) => m.sender.username.startsWith(name)).map((m) => m.client_msg_id),
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
