/**
 * Databases for tests. With DATABASE_URL set (services mode) each call creates a fresh schema in
 * that database and fails loudly if it cannot connect; without it (embedded mode) each call opens
 * an in-memory PGlite. Either way the migrations are applied.
 *
 * @module
 */
import { createPgliteExecutor } from "../db/pglite_executor.ts";
import { createPostgresExecutor } from "../db/postgres_executor.ts";
import { loadMigrations, migrate } from "../db/migrate.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";

/** A migrated database for one test; `close` drops what it created. */
export interface TestDatabase {
  db: SqlExecutor;
  mode: "embedded" | "services";
  close(): Promise<void>;
}

/** `services` when DATABASE_URL is set, else `embedded`. */
export function testMode(): "embedded" | "services" {
  return Deno.env.get("DATABASE_URL") ? "services" : "embedded";
}

/** Opens a fresh, migrated database for one test. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const url = Deno.env.get("DATABASE_URL");
  const migrations = await loadMigrations();
  if (!url) {
    const db = await createPgliteExecutor();
    await migrate(db, migrations);
    return { db, mode: "embedded", close: () => db.close() };
  }
  const schema = `test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = createPostgresExecutor(url, { max: 1 });
  await admin.exec(`create schema ${schema}`);
  const db = createPostgresExecutor(url, { schema, max: 4 });
  await migrate(db, migrations);
  return {
    db,
    mode: "services",
    async close() {
      await db.close();
      await admin.exec(`drop schema ${schema} cascade`);
      await admin.close();
    },
  };
}
