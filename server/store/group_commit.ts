/**
 * Group commit: writes that arrive while earlier ones are being committed wait, and go to the
 * database together as one statement when a slot frees. An idle server commits each write at once
 * (no timer, no added latency); a busy one makes fewer, larger statements, so the cost per write
 * falls as the load rises. This is the batching the benchmark issue asks for: per-statement
 * overhead in the driver, not the database, capped persisted msg/s.
 *
 * Batching is DataLoader's (`cache: false`, so every submission is its own write); this module
 * decides when a batch may go, and keeps the writes of a batch from failing each other: when a
 * batch of several fails as a whole, each of its writes is committed again on its own, so one bad
 * write (a row the database refuses, whatever the reason) fails alone (issue 13, failure 1).
 *
 * A write submitted inside a traced span (a message's `chat.send`) gets a span of its own,
 * `chat.store`, from submission to commit, with the size of the batch it joined as
 * `chat.store.batch_size`.
 *
 * @module
 */
import { type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import DataLoader from "dataloader";
import { tracer } from "../tracing/tracing.ts";

/** Limits of {@linkcode groupCommit}. */
export interface GroupCommitOptions {
  /** Most writes in one batch; a longer queue is split. */
  maxBatch: number;
  /** Most batches being committed at once; later ones wait for a slot. */
  maxInFlight: number;
}

/**
 * Commits a batch of writes. Returns one result per write, in order; an `Error` in place of a
 * result rejects that write alone. A rejection of a batch of several makes
 * {@linkcode groupCommit} commit each of its writes again as a batch of one, in order; the
 * rejection of a batch of one rejects its write.
 */
export type CommitBatch<I, O> = (batch: readonly I[]) => Promise<(O | Error)[]>;

/** A submitted write, with its span when it is traced. */
interface Write<I> {
  item: I;
  span?: Span;
}

/**
 * Wraps `commit` so that each call to the returned function submits one write and resolves with
 * its own result once its batch is committed. Writes keep their submission order within a batch,
 * and batches start in the order they were formed.
 *
 * @example Two writes submitted together are committed in one batch
 * ```ts
 * import { groupCommit } from "./group_commit.ts";
 *
 * const batches: number[][] = [];
 * const write = groupCommit<number, number>(async (batch) => {
 *   batches.push([...batch]);
 *   return batch.map((n) => n * 2);
 * }, { maxBatch: 100, maxInFlight: 1 });
 * console.log(await Promise.all([write(1), write(2)]), batches); // [2, 4] [[1, 2]]
 * ```
 */
export function groupCommit<I, O>(
  commit: CommitBatch<I, O>,
  { maxBatch, maxInFlight }: GroupCommitOptions,
): (item: I) => Promise<O> {
  /** Batches dispatched or about to be; a slot is taken when scheduled, not when it starts. */
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) queueMicrotask(next);
    else active--;
  };
  /** One at a time and in order, within the failed batch's slot, so the order holds. */
  async function commitEach(batch: readonly I[]): Promise<(O | Error)[]> {
    const results: (O | Error)[] = [];
    for (const item of batch) {
      try {
        results.push(...await commit([item]));
      } catch (err) {
        results.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return results;
  }
  const loader = new DataLoader<Write<I>, O>(
    async (writes) => {
      const batch = writes.map((w) => w.item);
      try {
        for (const { span } of writes) span?.setAttribute("chat.store.batch_size", writes.length);
        return await commit(batch);
      } catch (err) {
        if (batch.length === 1) throw err;
        return await commitEach(batch);
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: maxBatch,
      batchScheduleFn(dispatch) {
        if (active < maxInFlight) {
          active++;
          queueMicrotask(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
  return (item) => {
    if (!trace.getActiveSpan()?.isRecording()) return loader.load({ item });
    return tracer.startActiveSpan("chat.store", async (span) => {
      try {
        return await loader.load({ item, span });
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  };
}
