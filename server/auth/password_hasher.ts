/**
 * Password hashing with bcrypt in a pool of Web Workers. Each job goes to the worker with the
 * fewest jobs in flight; the main thread only posts messages.
 *
 * @module
 */
import type { HashJob, HashRequest, HashResponse } from "./bcrypt_worker.ts";

/** Hashes and verifies passwords without blocking the event loop. */
export interface PasswordHasher {
  /** A bcrypt hash (`$2b$…`) of `password` at the configured cost. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`. */
  verify(password: string, hash: string): Promise<boolean>;
  /** Terminates the workers; pending jobs reject. */
  close(): void;
}

/** Options for {@linkcode createPasswordHasher}. */
export interface PasswordHasherOptions {
  /** bcrypt cost factor, 4–15 (each step doubles the work); default 10. */
  cost?: number;
  /** Number of workers; default the number of CPU cores. */
  workers?: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (v: string | boolean) => void; reject: (e: Error) => void }>;
}

/** Starts the worker pool. */
export function createPasswordHasher(
  { cost = 10, workers = navigator.hardwareConcurrency || 2 }: PasswordHasherOptions = {},
): PasswordHasher {
  let nextId = 1;
  const slots: Slot[] = Array.from({ length: Math.max(1, workers) }, () => {
    const worker = new Worker(new URL("./bcrypt_worker.ts", import.meta.url).href, {
      type: "module",
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.onmessage = (event: MessageEvent<HashResponse>) => {
      const res = event.data;
      const job = slot.pending.get(res.id);
      slot.pending.delete(res.id);
      if (res.ok) job?.resolve(res.value);
      else job?.reject(new Error(res.error));
    };
    return slot;
  });

  function run(job: HashJob): Promise<string | boolean> {
    const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...job, id } satisfies HashRequest);
    });
  }

  return {
    async hash(password) {
      return String(await run({ op: "hash", password, cost }));
    },
    async verify(password, hash) {
      return (await run({ op: "verify", password, hash })) === true;
    },
    close() {
      for (const slot of slots) {
        slot.worker.terminate();
        for (const job of slot.pending.values()) job.reject(new Error("Password hasher closed"));
        slot.pending.clear();
      }
    },
  };
}
