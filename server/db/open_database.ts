/**
 * Opens the configured database: Postgres when DATABASE_URL is set, otherwise embedded PGlite
 * under `<CHAT_DATA_DIR>/pgdata`.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { createPgliteExecutor } from "./pglite_executor.ts";
import { createPostgresExecutor } from "./postgres_executor.ts";
import type { SqlExecutor } from "./sql_executor.ts";

/**
 * @returns the executor and a description for the start-up log (never containing a password)
 * @throws when Postgres does not answer or the PGlite directory cannot be opened
 */
export async function openDatabase(
  config: Pick<Config, "databaseUrl" | "dataDir">,
): Promise<{ db: SqlExecutor; description: string }> {
  if (config.databaseUrl) {
    const db = createPostgresExecutor(config.databaseUrl);
    await db.query("select 1");
    const url = new URL(config.databaseUrl);
    return { db, description: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}` };
  }
  const dir = `${config.dataDir}/pgdata`;
  return { db: await createPgliteExecutor(dir), description: `embedded PGlite in ${dir}` };
}
