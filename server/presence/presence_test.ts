import assert from "node:assert/strict";
import { connectRedis } from "../bus/redis_client.ts";
import { createLogger } from "../logger.ts";
import { testMode } from "../testing/test_database.ts";
import { createMemoryPresence } from "./memory_presence.ts";
import type { Presence } from "./presence.ts";
import { createRedisPresence } from "./redis_presence.ts";

const TTL_MS = 60_000;

/** A clock the test moves by hand: expiry is decided by it, not by how fast the machine is. */
class ManualClock {
  #now = Date.UTC(2026, 0, 1);
  readonly now = () => this.#now;
  advance(ms: number): void {
    this.#now += ms;
  }
}

/** The implementation of this mode (Redis in services mode, memory in embedded mode) on `clock`. */
async function withPresence(fn: (presence: Presence, clock: ManualClock) => Promise<void>) {
  const clock = new ManualClock();
  if (testMode() === "embedded") return await fn(createMemoryPresence(TTL_MS, clock.now), clock);
  const redis = await connectRedis(Deno.env.get("REDIS_URL")!, createLogger("silent"));
  try {
    const prefix = `test:${crypto.randomUUID()}:`;
    await fn(createRedisPresence(redis, TTL_MS, prefix, clock.now), clock);
  } finally {
    await redis.close();
  }
}

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
  withPresence(async (presence, clock) => {
    const entry = alice("c1");
    await presence.connect(entry);
    for (let i = 0; i < 4; i++) {
      clock.advance(TTL_MS / 2);
      await presence.heartbeat([entry]);
    }
    clock.advance(TTL_MS - 1);
    assert.equal((await presence.online([entry.userId])).size, 1, "alive 2 TTLs after connect");
    assert.deepEqual(await presence.sweep(), []);
  }));

Deno.test("presence: a connection without heartbeats lapses at the TTL and one sweep reports it", () =>
  withPresence(async (presence, clock) => {
    const entry = alice("c1");
    await presence.connect(entry);
    clock.advance(TTL_MS - 1);
    assert.equal((await presence.online([entry.userId])).size, 1, "alive until the TTL");
    assert.deepEqual(await presence.sweep(), [], "nothing to sweep before the TTL");
    clock.advance(1);
    assert.equal((await presence.online([entry.userId])).size, 0, "lapsed at the TTL");
    const sweeps = await Promise.all([presence.sweep(), presence.sweep()]);
    assert.deepEqual(sweeps.flat(), [entry.userId], "exactly one sweep announces the departure");
    assert.equal(await presence.connect(entry), true, "coming back is coming online again");
  }));
