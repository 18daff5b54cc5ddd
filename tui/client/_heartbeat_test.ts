import assert from "node:assert/strict";
import { Heartbeat } from "./_heartbeat.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Timings are generous and assertions are about order, not exact counts, so that a loaded
// machine firing timers late does not fail them.
function recorder() {
  const calls: { what: "ping" | "dead"; at: number }[] = [];
  const heartbeat = new Heartbeat({
    pingIntervalMs: 100,
    idleTimeoutMs: 400,
    ping: () => calls.push({ what: "ping", at: Date.now() }),
    dead: () => calls.push({ what: "dead", at: Date.now() }),
  });
  return { calls, heartbeat };
}

Deno.test("Heartbeat pings while silent, then declares the connection dead once", async () => {
  const { calls, heartbeat } = recorder();
  const start = Date.now();
  heartbeat.start();
  while (!calls.some((c) => c.what === "dead") && Date.now() - start < 3_000) await sleep(20);
  const kinds = calls.map((c) => c.what);
  assert.equal(kinds.at(-1), "dead");
  assert.ok(kinds.slice(0, -1).every((k) => k === "ping") && kinds.length >= 2, kinds.join());
  assert.ok(calls[0]!.at - start >= 100, "the first ping waits for the interval");
  assert.ok(calls.at(-1)!.at - start >= 400, "dead only after the idle timeout");
  const count = calls.length;
  await sleep(250);
  assert.equal(calls.length, count, "nothing after dead");
});

Deno.test("Heartbeat neither pings nor gives up while frames keep arriving", async () => {
  const { calls, heartbeat } = recorder();
  heartbeat.start();
  for (let i = 0; i < 15; i++) {
    await sleep(20);
    heartbeat.received();
  }
  heartbeat.stop();
  assert.deepEqual(calls, []);
});

Deno.test("Heartbeat.stop() cancels everything", async () => {
  const { calls, heartbeat } = recorder();
  heartbeat.start();
  heartbeat.stop();
  await sleep(500);
  assert.deepEqual(calls, []);
});
