import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../shared/mod.ts";
import { RawWsClient } from "../testing/raw_ws_client.ts";
import { ResilientClient } from "../testing/resilient_client.ts";
import { openServerHome } from "../testing/server_home.ts";
import { freePort, type ServerProcess, spawnServer } from "../testing/server_process.ts";
import { allMessages, api, signUp } from "../testing/test_client.ts";

const PER_CLIENT = 400;
const STOP_WITHIN_MS = 10_000;

/**
 * Pings the server, again at each pong, until it closes; returns the code of the server's close
 * frame as read off the wire. (Deno's WebSocket client may report such a close as an error with
 * code 0 when its automatic close reply cannot be written to the already dropped connection.)
 */
async function closeCodeOnTheWire(wsUrl: string, token: string): Promise<number | null> {
  const raw = await RawWsClient.connect(wsUrl);
  const ping = JSON.stringify({ type: "ping" });
  await raw.sendText(JSON.stringify({ type: "hello", token }));
  try {
    while (true) {
      const frame = await raw.readFrame();
      if (!frame) return null;
      if (frame.opcode === 8) return (frame.payload[0]! << 8) | frame.payload[1]!;
      const type = JSON.parse(new TextDecoder().decode(frame.payload)).type;
      if (type === "welcome" || type === "pong") await raw.sendText(ping);
    }
  } finally {
    raw.close();
  }
}

/** Posts messages one after another until the server stops answering; returns the stored ids. */
async function postUntilRefused(baseUrl: string, token: string, roomId: string) {
  const acked: string[] = [];
  for (let i = 0;; i++) {
    const clientMsgId = crypto.randomUUID();
    try {
      const body = { client_msg_id: clientMsgId, text: `http ${i}` };
      const res = await api(baseUrl, "POST", `/rooms/${roomId}/messages`, body, token);
      if (res.status !== 201) return acked;
      acked.push(clientMsgId);
    } catch {
      return acked;
    }
  }
}

Deno.test("SIGTERM during traffic loses no acknowledged message, closes with 1012 and exits 0 within 10 s", async () => {
  const home = await openServerHome("chat_shutdown_");
  const port = freePort();
  let server: ServerProcess | undefined = await spawnServer({ port, home });
  const clients: ResilientClient[] = [];
  try {
    const run = crypto.randomUUID().slice(0, 8);
    const alice = await signUp(server.url, `alice_${run}`);
    const bob = await signUp(server.url, `bob_${run}`);
    const room = await api(
      server.url,
      "POST",
      "/rooms",
      { name: `stop-${run}` },
      alice.access_token,
    );
    const roomId: string = room.body.room.id;
    await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    for (const { access_token } of [alice, bob]) {
      const client = new ResilientClient({
        baseUrl: server.url,
        wsUrl: server.wsUrl,
        token: access_token,
        roomId,
      });
      clients.push(client);
      client.start();
      for (let i = 0; i < PER_CLIENT; i++) client.send(`ws ${i}`);
    }
    const [aliceClient, bobClient] = clients as [ResilientClient, ResilientClient];
    const httpSender = postUntilRefused(server.url, bob.access_token, roomId);
    const wireClose = closeCodeOnTheWire(server.wsUrl, bob.access_token);

    await aliceClient.until(() => aliceClient.acks.size + bobClient.acks.size >= 200, "200 acks");
    const signalled = Date.now();
    server.kill("SIGTERM");
    const { code }: Deno.CommandStatus = await server.exited();
    const stoppedIn = Date.now() - signalled;
    assert.equal(code, 0, server.output());
    assert.ok(stoppedIn < STOP_WITHIN_MS, `stopped in ${stoppedIn} ms`);
    // Nothing can be acknowledged once the process is gone: these are all the acks there are.
    const acked = [...clients.flatMap((c) => [...c.acks.keys()]), ...await httpSender];
    assert.equal(await wireClose, CLOSE_CODES.serviceRestart.code, "the close frame says 1012");
    for (const client of clients) assert.ok(client.closeCodes.length > 0, client.describe());

    server = undefined;
    server = await spawnServer({ port, home });
    const afterRestart = new Set(
      (await allMessages(server.url, alice.access_token, roomId)).map((m) => m.client_msg_id),
    );
    const lost = acked.filter((id) => !afterRestart.has(id));
    console.log(
      `stopped in ${stoppedIn} ms with ${acked.length} messages acknowledged; ` +
        `the clients saw close codes ${clients.map((c) => c.closeCodes[0]).join(", ")}`,
    );
    assert.deepEqual(lost, [], "every acknowledged message is stored");
    // The clients resend what was not acknowledged, and everything ends up stored once.
    for (const client of clients) {
      await client.until(() => client.outboxSize === 0, "every message is acknowledged");
    }
    const stored = await allMessages(server.url, alice.access_token, roomId);
    for (const client of clients) {
      // After the two joins, seqs 1 and 2.
      await client.until(() => client.lastSeq === stored.length + 2, "every message is received");
    }
    const ids = stored.map((m) => m.client_msg_id);
    assert.equal(new Set(ids).size, ids.length, "no message is stored twice");
    for (const client of clients) {
      assert.deepEqual(client.anomalies, [], client.describe());
      assert.deepEqual(client.view, stored, "the client's view equals the database");
      for (const id of client.sent) assert.ok(ids.includes(id), `${id} is stored`);
    }
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    server?.kill("SIGKILL");
    await server?.exited();
    await home.close();
  }
});
