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

/** A database for one test; `close` drops what it created. */
export interface TestDatabase {
  db: SqlExecutor;
  mode: "embedded" | "services";
  /**
   * Another executor on the same database, as a second server instance would have (embedded
   * mode has one connection only, so it returns `db` itself). The caller closes it.
   */
  connect(): SqlExecutor;
  close(): Promise<void>;
}

/** Options for {@linkcode openTestDatabase}. */
export interface TestDatabaseOptions {
  /** Apply the migrations; default true. */
  migrated?: boolean;
}

/** `services` when DATABASE_URL is set, else `embedded`. */
export function testMode(): "embedded" | "services" {
  return Deno.env.get("DATABASE_URL") ? "services" : "embedded";
}

/** Opens a fresh database for one test, migrated unless said otherwise. */
export async function openTestDatabase(
  { migrated = true }: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const url = Deno.env.get("DATABASE_URL");
  const migrations = await loadMigrations();
  if (!url) {
    const db = await createPgliteExecutor();
    if (migrated) await migrate(db, migrations);
    return {
      db,
      mode: "embedded",
      connect: () => ({ ...db, close: () => Promise.resolve() }),
      close: once(() => db.close()),
    };
  }
  const schema = `test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = createPostgresExecutor(url, { max: 1 });
  await admin.exec(`create schema ${schema}`);
  const db = createPostgresExecutor(url, { schema, max: 4 });
  if (migrated) await migrate(db, migrations);
  return {
    db,
    mode: "services",
    connect: () => createPostgresExecutor(url, { schema, max: 2 }),
    close: once(async () => {
      await db.close();
      await admin.exec(`drop schema ${schema} cascade`);
      await admin.close();
    }),
  };
}

/** `fn` run on the first call only; later calls return the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => done ??= fn();
}
