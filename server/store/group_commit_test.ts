import assert from "node:assert/strict";
import { SpanStatusCode } from "@opentelemetry/api";
import { withRecordingTracer } from "../testing/recording_tracer.ts";
import { tracer } from "../tracing/tracing.ts";
import { groupCommit } from "./group_commit.ts";

/** A commit whose batches finish only when the test says so. */
function controlledCommit() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const commit = (batch: readonly number[]) => {
    batches.push([...batch]);
    return new Promise<(number | Error)[]>((resolve) => {
      finish.push(() => resolve(batch.map((n) => (n < 0 ? new Error(`bad ${n}`) : n * 10))));
    });
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { batches, finish, commit, tick };
}

Deno.test("groupCommit() commits a lone write at once and batches those that wait", async () => {
  const c = controlledCommit();
  const write = groupCommit(c.commit, { maxBatch: 100, maxInFlight: 1 });
  const first = write(1);
  await c.tick();
  assert.deepEqual(c.batches, [[1]]);
  const waiting = [write(2), write(3), write(4)];
  await c.tick();
  assert.deepEqual(c.batches, [[1]], "nothing starts while the first batch is in flight");
  c.finish.shift()!();
  assert.equal(await first, 10);
  await c.tick();
  assert.deepEqual(c.batches, [[1], [2, 3, 4]]);
  c.finish.shift()!();
  assert.deepEqual(await Promise.all(waiting), [20, 30, 40]);
});

Deno.test("groupCommit() splits batches at maxBatch and keeps their order", async () => {
  const c = controlledCommit();
  const write = groupCommit(c.commit, { maxBatch: 2, maxInFlight: 1 });
  const all = [1, 2, 3, 4, 5].map(write);
  await c.tick();
  assert.deepEqual(c.batches, [[1, 2]]);
  while (c.finish.length > 0) {
    c.finish.shift()!();
    await c.tick();
    await c.tick();
  }
  assert.deepEqual(c.batches, [[1, 2], [3, 4], [5]]);
  assert.deepEqual(await Promise.all(all), [10, 20, 30, 40, 50]);
});

Deno.test("groupCommit() runs up to maxInFlight batches at once", async () => {
  const c = controlledCommit();
  const write = groupCommit(c.commit, { maxBatch: 1, maxInFlight: 2 });
  const all = [1, 2, 3].map(write);
  await c.tick();
  assert.deepEqual(c.batches, [[1], [2]]);
  c.finish.shift()!();
  await c.tick();
  assert.deepEqual(c.batches, [[1], [2], [3]]);
  c.finish.splice(0).forEach((f) => f());
  assert.deepEqual(await Promise.all(all), [10, 20, 30]);
});

Deno.test("groupCommit() rejects one write for its Error, and retries a failed batch write by write", async () => {
  const c = controlledCommit();
  const write = groupCommit(c.commit, { maxBatch: 100, maxInFlight: 1 });
  const results = Promise.allSettled([write(1), write(-2), write(3)]);
  await c.tick();
  c.finish.shift()!();
  const [a, b, d] = await results;
  assert.deepEqual([a.status, b.status, d.status], ["fulfilled", "rejected", "fulfilled"]);
  assert.match(String((b as PromiseRejectedResult).reason), /bad -2/);

  // A commit that fails a whole batch when any write in it is bad, as one SQL statement does.
  const commits: number[][] = [];
  const strict = groupCommit<number, number>((batch) => {
    commits.push([...batch]);
    if (batch.some((n) => n < 0)) return Promise.reject(new Error("invalid byte sequence"));
    return Promise.resolve(batch.map((n) => n * 10));
  }, { maxBatch: 100, maxInFlight: 1 });
  const settled = await Promise.allSettled([strict(2), strict(-3), strict(4)]);
  assert.deepEqual(settled.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
  assert.deepEqual(settled.map((r) => r.status === "fulfilled" ? r.value : null), [20, null, 40]);
  assert.deepEqual(commits, [[2, -3, 4], [2], [-3], [4]], "retried alone, in order");

  let calls = 0;
  const failing = groupCommit<number, number>(() => {
    calls++;
    return Promise.reject(new Error("database down"));
  }, { maxBatch: 100, maxInFlight: 1 });
  const failed = await Promise.allSettled([failing(1), failing(2)]);
  assert.deepEqual(failed.map((r) => r.status), ["rejected", "rejected"]);
  assert.equal(calls, 3, "the batch, then each write alone");
  assert.equal(await failing(3).catch(() => "released"), "released", "the slot is freed");
  assert.equal(calls, 4, "a lone write that fails is not committed again");
});

Deno.test("groupCommit() commits every submission, equal ones too, and again on later batches", async () => {
  const c = controlledCommit();
  const write = groupCommit(c.commit, { maxBatch: 100, maxInFlight: 1 });
  const twice = Promise.all([write(5), write(5)]);
  await c.tick();
  assert.deepEqual(c.batches, [[5, 5]], "two writes of one value are two writes");
  c.finish.shift()!();
  assert.deepEqual(await twice, [50, 50]);
  const again = write(5);
  await c.tick();
  assert.deepEqual(c.batches, [[5, 5], [5]], "a later write is not answered from a cache");
  c.finish.shift()!();
  assert.equal(await again, 50);
});

Deno.test("groupCommit() rejects a write with an Error even when commit rejects with a non-Error", async () => {
  const write = groupCommit<number, number>((batch) => {
    if (batch.length > 1) return Promise.reject(new Error("batch refused"));
    return batch[0]! < 0 ? Promise.reject(`bad ${batch[0]}`) : Promise.resolve([batch[0]! * 10]);
  }, { maxBatch: 100, maxInFlight: 1 });
  const [ok, bad] = await Promise.allSettled([write(1), write(-1)]);
  assert.deepEqual(ok, { status: "fulfilled", value: 10 });
  assert.ok(bad?.status === "rejected" && bad.reason instanceof Error);
  assert.equal(bad.reason.message, "bad -1");
});

Deno.test("groupCommit() gives a traced write a chat.store span with its batch size, ended at commit", () =>
  withRecordingTracer(async (spans) => {
    const commits: number[][] = [];
    const write = groupCommit<number, number>((batch) => {
      commits.push([...batch]);
      return Promise.resolve(batch.map((n) => n < 0 ? new Error(`bad ${n}`) : n));
    }, { maxBatch: 100, maxInFlight: 1 });
    assert.equal(await write(0), 0);
    assert.equal(spans.length, 0, "no span outside a traced operation");

    const traced = tracer.startActiveSpan("chat.send", (send) => {
      const results = Promise.allSettled([write(1), write(-2)]);
      send.end();
      return results;
    });
    const [ok, bad] = await traced;
    assert.equal(ok?.status, "fulfilled");
    assert.equal(bad?.status, "rejected");
    const stores = spans.filter((s) => s.name === "chat.store");
    assert.equal(stores.length, 2);
    for (const span of stores) {
      assert.equal(span.attributes["chat.store.batch_size"], 2);
      assert.equal(span.ended, true);
    }
    assert.equal(stores[0]!.status, undefined);
    assert.deepEqual(stores[1]!.status, { code: SpanStatusCode.ERROR, message: "Error: bad -2" });
  }));
