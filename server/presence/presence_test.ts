import assert from "node:assert/strict";
import { connectRedis } from "../bus/redis_client.ts";
import { createLogger } from "../logger.ts";
import { testMode } from "../testing/test_database.ts";
import { createMemoryPresence } from "./memory_presence.ts";
import type { Presence } from "./presence.ts";
import { createRedisPresence } from "./redis_presence.ts";

const TTL_MS = 300;

/** The implementation of this mode: Redis in services mode, memory in embedded mode. */
async function withPresence(fn: (presence: Presence) => Promise<void>) {
  if (testMode() === "embedded") return await fn(createMemoryPresence(TTL_MS));
  const redis = await connectRedis(Deno.env.get("REDIS_URL")!, createLogger("silent"));
  try {
    await fn(createRedisPresence(redis, TTL_MS, `test:${crypto.randomUUID()}:`));
  } finally {
    await redis.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alice = (connectionId: string) => ({ userId: crypto.randomUUID(), connectionId });

Deno.test("presence: online from the first connection to the last", () =>
  withPresence(async (presence) => {
    const first = alice("c1");
    const second = { ...first, connectionId: "c2" };
    assert.equal(await presence.connect(first), true);
    assert.equal(await presence.connect(second), false);
    assert.deepEqual([...await presence.online([first.userId, "someone-else"])], [first.userId]);
    assert.equal(await presence.disconnect(first), false);
    assert.equal(await presence.disconnect(second), true);
    assert.equal(await presence.disconnect(second), false, "a second goodbye changes nothing");
    assert.equal((await presence.online([first.userId])).size, 0);
  }));

Deno.test("presence: heartbeats keep a connection alive past the TTL", () =>
  withPresence(async (presence) => {
    const entry = alice("c1");
    await presence.connect(entry);
    for (let i = 0; i < 4; i++) {
      await sleep(TTL_MS / 3);
      await presence.heartbeat([entry]);
    }
    assert.equal((await presence.online([entry.userId])).size, 1);
    assert.deepEqual(await presence.sweep(), []);
  }));

Deno.test("presence: a connection without heartbeats lapses and one sweep reports it", () =>
  withPresence(async (presence) => {
    const entry = alice("c1");
    await presence.connect(entry);
    await sleep(TTL_MS + 50);
    assert.equal((await presence.online([entry.userId])).size, 0);
    const sweeps = await Promise.all([presence.sweep(), presence.sweep()]);
    assert.deepEqual(sweeps.flat(), [entry.userId], "exactly one sweep announces the departure");
    assert.equal(await presence.connect(entry), true, "coming back is coming online again");
  }));
