/**
 * Web Worker that runs bcrypt (bcryptjs) off the main thread, so hashing a password never blocks
 * the event loop that delivers messages. Protocol: {@linkcode HashRequest} in,
 * {@linkcode HashResponse} out.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import bcrypt from "bcryptjs";

/** A job for the worker. */
export type HashJob =
  | { op: "hash"; password: string; cost: number }
  | { op: "verify"; password: string; hash: string };

/** A job with the id its answer will carry. */
export type HashRequest = HashJob & { id: number };

/** The worker's answer to the job with the same `id`. */
export type HashResponse =
  | { id: number; ok: true; value: string | boolean }
  | { id: number; ok: false; error: string };

self.onmessage = (event: MessageEvent<HashRequest>) => {
  const job = event.data;
  try {
    const value = job.op === "hash"
      ? bcrypt.hashSync(job.password, job.cost)
      : bcrypt.compareSync(job.password, job.hash);
    self.postMessage({ id: job.id, ok: true, value } satisfies HashResponse);
  } catch (err) {
    self.postMessage({ id: job.id, ok: false, error: String(err) } satisfies HashResponse);
  }
};
