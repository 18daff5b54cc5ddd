/**
 * Where a spawned server process keeps its data, isolated per test: a fresh temporary folder
 * (PGlite and the development secret live there in embedded mode) and, in services mode, a fresh
 * Postgres schema that the process's `DATABASE_URL` selects with `search_path`. Restarting a
 * process on the same home finds its data again; `close()` drops the schema and the folder.
 * Without it, spawned servers of every test (and of every engineer's run on a shared Postgres)
 * wrote into one public schema.
 *
 * @module
 */
import { createPostgresExecutor } from "../db/postgres_executor.ts";

/** One test's data for the server processes it spawns. */
export interface ServerHome {
  /** The process's `CHAT_DATA_DIR`. */
  dataDir: string;
  /** Variables over the inherited environment: `DATABASE_URL` in services mode, else none. */
  env: Record<string, string>;
  /** Drops the schema (services mode) and removes `dataDir`; the processes must have exited. */
  close(): Promise<void>;
}

/**
 * Creates a home: a temporary folder named `<prefix>…` and, when `DATABASE_URL` is set, a schema
 * `proc_<uuid>` in that database.
 *
 * @param prefix the folder's name prefix, e.g. `"chat_crash_"`
 * @throws when `DATABASE_URL` is set and the database does not answer
 */
export async function openServerHome(prefix = "chat_server_"): Promise<ServerHome> {
  const dataDir = await Deno.makeTempDir({ prefix });
  const removeDir = () => Deno.remove(dataDir, { recursive: true });
  const url = Deno.env.get("DATABASE_URL");
  if (!url) return { dataDir, env: {}, close: once(removeDir) };
  const schema = `proc_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = createPostgresExecutor(url, { max: 1 });
  try {
    await admin.exec(`create schema ${schema}`);
  } catch (err) {
    await admin.close();
    await removeDir();
    throw err;
  }
  return {
    dataDir,
    env: { DATABASE_URL: withSearchPath(url, schema) },
    close: once(async () => {
      try {
        await admin.exec(`drop schema ${schema} cascade`);
      } finally {
        await admin.close();
        await removeDir();
      }
    }),
  };
}

/** `url` with `search_path=<schema>`, which postgres.js sends as a connection parameter. */
export function withSearchPath(url: string, schema: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}search_path=${schema}`;
}

/** `fn` run on the first call only; later calls return the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => done ??= fn();
}
