import assert from "node:assert/strict";
import { startPrivateRedis } from "../testing/private_redis.ts";
import { api, signUp, waitForReady, WsClient } from "../testing/test_client.ts";
import { ignoreUnless } from "../testing/ignore_unless.ts";
import { testMode } from "../testing/test_database.ts";
import { startTestServer } from "../testing/test_server.ts";

// Embedded mode runs on a bare machine, without Redis; services mode in CI runs this.
Deno.test(ignoreUnless(testMode() === "services", "needs redis-server: services mode", {
  name:
    "Redis stopped and started during traffic: nothing lost, delivery resumes, /readyz 503 then 200",
  async fn() {
    const redis = await startPrivateRedis();
    const a = await startTestServer({ redisUrl: redis.url });
    const b = await startTestServer({ sharing: a, redisUrl: redis.url });
    const clients: WsClient[] = [];
    try {
      const alice = await signUp(a.url, "alice");
      const bob = await signUp(b.url, "bob");
      const room = await api(a.url, "POST", "/rooms", { name: "general" }, alice.access_token);
      const roomId: string = room.body.room.id;
      await api(b.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
      const aliceWs = await WsClient.connect(a.wsUrl, alice.access_token);
      const bobWs = await WsClient.connect(b.wsUrl, bob.access_token);
      clients.push(aliceWs, bobWs);

      const total = 90;
      const acked: number[] = [];
      const send = async (i: number) => {
        const id = crypto.randomUUID();
        aliceWs.send({ type: "send", room_id: roomId, client_msg_id: id, text: `m${i}` });
        acked.push(
          (await aliceWs.next<"ack">((f) => f.type === "ack" && f.ref === id)).seq!,
        );
      };
      for (let i = 0; i < 30; i++) await send(i);
      await redis.stop();
      await waitForReady(a.url, 503);
      // The instance keeps storing and acknowledging while the bus is down.
      for (let i = 30; i < 60; i++) await send(i);
      const failures = (await a.metrics.busFailures.get()).values
        .find((v) => v.labels.operation === "publish")?.value ?? 0;
      assert.ok(failures >= 30, `publishes that failed during the outage are counted: ${failures}`);
      await redis.start();
      await waitForReady(a.url, 200);
      await waitForReady(b.url, 200);
      for (let i = 60; i < total; i++) await send(i);

      // seqs 1 and 2 are alice's and bob's joins
      assert.deepEqual(acked, Array.from({ length: total }, (_, i) => i + 3));
      for (const ws of [aliceWs, bobWs]) {
        const seqs: number[] = [];
        while (seqs.length < total) seqs.push((await ws.nextMessage(10_000)).message.seq);
        assert.deepEqual(seqs, acked, "every message, in order, once");
      }
    } finally {
      for (const c of clients) await c.close();
      await b.close();
      await a.close();
      await redis.stop();
    }
  },
}));
