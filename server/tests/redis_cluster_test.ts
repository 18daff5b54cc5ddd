import assert from "node:assert/strict";
import { startRedisCluster } from "../testing/redis_cluster.ts";
import { allMessages, api, signUp, waitForReady, WsClient } from "../testing/test_client.ts";
import { ignoreUnless } from "../testing/ignore_unless.ts";
import { testMode } from "../testing/test_database.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";

const ROOMS = 6;
/** REST requests per user per minute: the users below make fewer, apart from the one testing it. */
const REST_LIMIT = 30;

// Embedded mode runs on a bare machine, without Redis; services mode in CI runs this.
Deno.test(ignoreUnless(testMode() === "services", "needs redis-server: services mode", {
  name: "Redis Cluster of 3 masters and 3 replicas: 3 instances share messages, presence, typing " +
    "and rate limits, and a master killed mid-traffic loses nothing acknowledged",
  async fn(t) {
    const cluster = await startRedisCluster();
    const servers: TestServer[] = [];
    const clients: WsClient[] = [];
    try {
      const options = {
        redisClusterNodes: cluster.seeds,
        rateLimits: { rest: { points: REST_LIMIT, seconds: 60 } },
      };
      servers.push(await startTestServer(options));
      for (let i = 0; i < 2; i++) {
        servers.push(await startTestServer({ ...options, sharing: servers[0] }));
      }
      const [a, b, c] = servers as [TestServer, TestServer, TestServer];
      const names = ["alice", "bob", "carol"] as const;
      const tokens = await Promise.all(names.map((name, i) => signUp(servers[i]!.url, name)));
      const token = (i: number) => tokens[i]!.access_token;
      // Several rooms, so that their channels spread over the shards.
      const roomIds: string[] = [];
      for (let r = 0; r < ROOMS; r++) {
        const room = await api(a.url, "POST", "/rooms", { name: `r${r}` }, token(0));
        roomIds.push(room.body.room.id);
        for (const i of [1, 2]) {
          await api(
            servers[i]!.url,
            "POST",
            `/rooms/${room.body.room.id}/join`,
            undefined,
            token(i),
          );
        }
      }
      const acked = new Map<string, number[]>(roomIds.map((id) => [id, []]));
      const ws: WsClient[] = [];

      /** Sends from user `i` and waits for the ack; records the seq. */
      const send = async (i: number, roomId: string, text: string) => {
        const id = crypto.randomUUID();
        ws[i]!.send({ type: "send", room_id: roomId, client_msg_id: id, text });
        const ack = await ws[i]!.next<"ack">(
          (f) => f.type === "ack" && f.ref === id,
          15_000,
        );
        acked.get(roomId)!.push(ack.seq!);
      };

      const presence = (client: WsClient, username: string, status: "online" | "offline") =>
        client.next((f) => f.type === "presence" && f.username === username && f.status === status);

      const typingCrosses = async (roomId: string) => {
        for (let i = 0; i < 3; i++) {
          ws[i]!.send({ type: "typing", room_id: roomId });
          for (const j of [0, 1, 2].filter((j) => j !== i)) {
            await ws[j]!.next((f) =>
              f.type === "typing" && f.room_id === roomId && f.user.username === names[i]
            );
          }
        }
      };

      await t.step("presence crosses: each user sees the others come online", async () => {
        // carol on C, then bob on B, then alice on A.
        ws[2] = await WsClient.connect(c.wsUrl, token(2));
        clients.push(ws[2]);
        ws[1] = await WsClient.connect(b.wsUrl, token(1));
        clients.push(ws[1]);
        await presence(ws[2], "bob", "online");
        ws[0] = await WsClient.connect(a.wsUrl, token(0));
        clients.push(ws[0]);
        await presence(ws[1], "alice", "online");
        await presence(ws[2], "alice", "online");
        const members = await api(
          a.url,
          "GET",
          `/rooms/${roomIds[0]}/members`,
          undefined,
          token(0),
        );
        assert.deepEqual(
          members.body.members.map((m: { online: boolean }) => m.online),
          [true, true, true],
        );
      });

      await t.step(
        "typing crosses between every pair of instances",
        () => typingCrosses(roomIds[0]!),
      );

      await t.step("messages cross: every room, every sender, every instance", async () => {
        await Promise.all([0, 1, 2].map(async (i) => {
          for (const roomId of roomIds) await send(i, roomId, `${names[i]} hello`);
        }));
      });

      await t.step("rate limits are counted once across the instances", async () => {
        const dave = await signUp(a.url, "dave");
        for (let n = 0; n < REST_LIMIT; n++) {
          const res = await api(servers[n % 3]!.url, "GET", "/rooms", undefined, dave.access_token);
          assert.equal(res.status, 200, `request ${n + 1} of ${REST_LIMIT} is allowed`);
        }
        const over = await api(c.url, "GET", "/rooms", undefined, dave.access_token);
        assert.equal(over.status, 429, "the limit's next request is refused on any instance");
      });

      await t.step("a master is killed during traffic: its replica takes over", async () => {
        const victim = await cluster.masterOf(`${a.prefix}room:${roomIds[0]}`);
        let failedOver = false;
        const traffic = Promise.all([0, 1, 2].map(async (i) => {
          let n = 0;
          while (!failedOver) await send(i, roomIds[n++ % ROOMS]!, `${names[i]} during ${n}`);
        }));
        try {
          await cluster.kill(victim);
          await cluster.waitForFailover(victim);
          // Every instance's bus reaches every master again once it has re-read the cluster map.
          for (const server of servers) await waitForReady(server.url, 200, 20_000);
        } finally {
          failedOver = true;
          await traffic;
        }
        const failures = await Promise.all(
          servers.map(async (s) =>
            (await s.metrics.busFailures.get()).values.reduce((sum, v) => sum + v.value, 0)
          ),
        );
        assert.ok(
          failures.some((n) => n > 0),
          `publishes to the lost master failed during the failover: ${failures}`,
        );
      });

      await t.step(
        "after the failover: live delivery, typing, nothing acknowledged lost",
        async () => {
          for (let i = 0; i < 3; i++) {
            for (const roomId of roomIds) await send(i, roomId, `${names[i]} after`);
          }
          // Typing is not stored: it crosses only if the instances subscribed again.
          await typingCrosses(roomIds[0]!);
          for (const roomId of roomIds) {
            const seqs = acked.get(roomId)!.toSorted((x, y) => x - y);
            // seqs 1-3 are the three joins
            assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, k) => k + 4));
            const stored = await allMessages(a.url, token(0), roomId);
            assert.deepEqual(
              stored.map((m) => m.seq),
              seqs,
              "every acknowledged message is stored",
            );
            for (const client of ws) {
              const received: number[] = [];
              while (received.length < seqs.length) {
                const frame = await client.next<"event">(
                  (f) =>
                    f.type === "event" && f.event.type === "message_posted" &&
                    f.event.room_id === roomId,
                  15_000,
                );
                received.push(frame.event.seq);
              }
              assert.deepEqual(received, seqs, "every message of the room, in order, once");
            }
          }
        },
      );

      await t.step(
        "presence crosses after the failover: each user sees the others leave",
        async () => {
          await ws[2]!.close();
          await presence(ws[0]!, "carol", "offline");
          await presence(ws[1]!, "carol", "offline");
          await ws[1]!.close();
          await presence(ws[0]!, "bob", "offline");
        },
      );
    } finally {
      try {
        for (const client of clients) await client.close();
        for (const server of servers.toReversed()) await server.close();
      } finally {
        // Even when a server fails to close: no Redis process or directory outlives the test.
        await cluster.stop();
      }
    }
  },
}));
