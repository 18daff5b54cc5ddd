/**
 * Applies the numbered SQL files of `migrations/` in order, each once, recording them in
 * `schema_migrations`. The whole run is one transaction holding a transaction-level advisory
 * lock, so instances starting together apply each migration exactly once and never see a
 * half-migrated schema.
 *
 * @module
 */
import { MIGRATION_FILES } from "./migration_files.ts";
import type { SqlExecutor } from "./sql_executor.ts";

/** A migration: `version` is the file's leading number, `name` the file name. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Arbitrary constant naming this application's migration lock (pg_advisory_xact_lock key). */
const MIGRATION_LOCK_KEY = 7_210_424_001;

/**
 * Turns `NNN_name.sql` files into migrations sorted by version. The default is the files of
 * `migrations/` embedded in the module graph, so a compiled binary needs no directory beside it.
 *
 * @param files file name to SQL
 * @returns the migrations, lowest version first
 * @throws when two files share a version or a name does not start with a number
 *
 * @example The embedded migrations
 * ```ts
 * import { loadMigrations } from "./migrate.ts";
 * console.log(loadMigrations().map((m) => m.name));
 * ```
 */
export function loadMigrations(
  files: Readonly<Record<string, string>> = MIGRATION_FILES,
): Migration[] {
  const migrations: Migration[] = [];
  for (const [name, sql] of Object.entries(files)) {
    const match = /^(\d+)_.*\.sql$/.exec(name);
    if (!match) throw new Error(`Migration file name must be "NNN_name.sql": "${name}"`);
    migrations.push({ version: Number(match[1]), name, sql });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`Two migrations share version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded.
 *
 * @returns the names of the migrations applied by this call (empty when up to date)
 */
export async function migrate(db: SqlExecutor, migrations: Migration[]): Promise<string[]> {
  return await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const rows = await tx.query("select version from schema_migrations");
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("insert into schema_migrations (version, name) values ($1, $2)", [
        m.version,
        m.name,
      ]);
      applied.push(m.name);
    }
    return applied;
  });
}
