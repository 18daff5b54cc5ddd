import assert from "node:assert/strict";
import { Heartbeat } from "./_heartbeat.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder() {
  const calls: string[] = [];
  const heartbeat = new Heartbeat({
    pingIntervalMs: 40,
    idleTimeoutMs: 150,
    ping: () => calls.push("ping"),
    dead: () => calls.push("dead"),
  });
  return { calls, heartbeat };
}

Deno.test("Heartbeat pings while silent, then declares the connection dead", async () => {
  const { calls, heartbeat } = recorder();
  heartbeat.start();
  await sleep(60);
  assert.deepEqual(calls, ["ping"]);
  await sleep(150);
  assert.equal(calls.at(-1), "dead");
  assert.ok(calls.filter((c) => c === "ping").length >= 2, calls.join());
  const count = calls.length;
  await sleep(60);
  assert.equal(calls.length, count, "stopped after dead");
});

Deno.test("Heartbeat neither pings nor gives up while frames keep arriving", async () => {
  const { calls, heartbeat } = recorder();
  heartbeat.start();
  for (let i = 0; i < 10; i++) {
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
  await sleep(200);
  assert.deepEqual(calls, []);
});
