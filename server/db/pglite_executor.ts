/**
 * {@linkcode SqlExecutor} over embedded PGlite (Postgres compiled to WebAssembly), the default
 * when no DATABASE_URL is set. PGlite is one connection: statements run one at a time.
 *
 * @module
 */
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { pgliteAssets } from "./pglite_assets.ts";
import type { Row, SqlExecutor } from "./sql_executor.ts";

/**
 * Opens (or creates) the database in `dataDir`; `undefined` keeps it in memory.
 *
 * @throws when the directory cannot be created or holds another Postgres version's files
 */
export async function createPgliteExecutor(dataDir?: string): Promise<SqlExecutor> {
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, await pgliteAssets());
  return {
    ...wrap(db),
    async transaction(fn) {
      return await db.transaction((tx) => fn(wrap(tx)));
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

function wrap(db: PGlite | Transaction): SqlExecutor {
  return {
    async query(text, params = []) {
      const result = await db.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async exec(text) {
      await db.exec(text);
    },
    transaction() {
      return Promise.reject(new Error("Nested transactions are not supported"));
    },
    close() {
      return Promise.resolve();
    },
  };
}
