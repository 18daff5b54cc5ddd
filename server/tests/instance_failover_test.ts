import assert from "node:assert/strict";
import { ResilientClient } from "../testing/resilient_client.ts";
import { openServerHome } from "../testing/server_home.ts";
import { freePort, spawnServer } from "../testing/server_process.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { ignoreUnless } from "../testing/ignore_unless.ts";
import { testMode } from "../testing/test_database.ts";

const PRESENCE_TTL_S = 3;

// Two processes can share only a real database and Redis: services mode (CI runs it).
Deno.test(ignoreUnless(testMode() === "services", "two processes share Redis: services mode", {
  name: "an instance killed with SIGKILL: its clients resume on the other, its users go offline",
  async fn() {
    // One home: both instances use its schema, as two instances share one database.
    const home = await openServerHome("chat_failover_");
    const env = { PRESENCE_TTL: `${PRESENCE_TTL_S}s`, JWT_SECRET: "f".repeat(32) };
    const a = await spawnServer({ port: freePort(), home, env });
    const b = await spawnServer({ port: freePort(), home, env });
    const run = crypto.randomUUID().slice(0, 8);
    let aAlive = true;
    const clients: ResilientClient[] = [];
    let carolWs: WsClient | undefined;
    try {
      const [alice, bob, carol] = await Promise.all(
        ["alice", "bob", "carol"].map((n) => signUp(a.url, `${n}_${run}`)),
      );
      const room = await api(
        a.url,
        "POST",
        "/rooms",
        { name: `general-${run}` },
        alice!.access_token,
      );
      const roomId: string = room.body.room.id;
      for (const user of [bob!, carol!]) {
        await api(b.url, "POST", `/rooms/${roomId}/join`, undefined, user.access_token);
      }
      const onA = new ResilientClient({
        baseUrl: b.url,
        wsUrl: () => aAlive ? a.wsUrl : b.wsUrl,
        token: alice!.access_token,
        roomId,
      });
      const onB = new ResilientClient({
        baseUrl: b.url,
        wsUrl: b.wsUrl,
        token: bob!.access_token,
        roomId,
      });
      clients.push(onA, onB);
      for (const c of clients) c.start();
      carolWs = await WsClient.connect(a.wsUrl, carol!.access_token);
      const online = async (username: string) => {
        const res = await api(
          b.url,
          "GET",
          `/rooms/${roomId}/members`,
          undefined,
          bob!.access_token,
        );
        return res.body.members.find((m: { user: { username: string } }) =>
          m.user.username === username
        ).online as boolean;
      };
      assert.equal(await online(`carol_${run}`), true);

      // The room's stream already holds the creation and the two joins: messages follow them.
      const events = await api(
        b.url,
        "GET",
        `/rooms/${roomId}/events`,
        undefined,
        bob!.access_token,
      );
      const base: number = events.body.last_seq;
      assert.equal(base, 3, "alice's creation, bob's and carol's joins");
      for (let i = 0; i < 100; i++) {
        (i % 2 ? onB : onA).send(`m${i}`);
        if (i === 50) {
          a.kill("SIGKILL");
          await a.exited();
          aAlive = false;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const killedAt = Date.now();
      for (const c of clients) {
        await c.until(
          () => c.outboxSize === 0 && c.lastSeq >= base + 100,
          "all 100 are stored and seen",
        );
      }
      const history = await api(
        b.url,
        "GET",
        `/rooms/${roomId}/messages?limit=200`,
        undefined,
        bob!.access_token,
      );
      const stored = history.body.messages as { seq: number; client_msg_id: string }[];
      assert.deepEqual(
        stored.map((m) => m.seq),
        Array.from({ length: 100 }, (_, i) => base + i + 1),
      );
      assert.equal(new Set(stored.map((m) => m.client_msg_id)).size, 100, "each stored once");
      for (const c of clients) {
        assert.deepEqual(c.anomalies, [], "no gap, duplicate or reordering");
        assert.deepEqual(c.view.map((m) => m.seq), stored.map((m) => m.seq));
      }
      assert.ok(onA.connections >= 2, "alice reconnected, to B");

      // carol was only on A: her entry lapses after the TTL and B's sweep announces it.
      while (await online(`carol_${run}`)) {
        assert.ok(Date.now() - killedAt < PRESENCE_TTL_S * 3000, "carol offline within the TTL");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await carolWs?.close().catch(() => {});
      for (const c of clients) await c.stop();
      a.kill("SIGKILL");
      b.kill("SIGTERM");
      await Promise.all([a.exited(), b.exited()]);
      await home.close();
    }
  },
}));
