import assert from "node:assert/strict";
import { loadMigrations } from "./migrate.ts";
import { MIGRATION_FILES } from "./migration_files.ts";

const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);

Deno.test("the embedded migrations are exactly the files of migrations/", async () => {
  const onDisk: Record<string, string> = {};
  for await (const entry of Deno.readDir(MIGRATIONS_DIR)) {
    if (entry.isFile && entry.name.endsWith(".sql")) {
      onDisk[entry.name] = await Deno.readTextFile(new URL(entry.name, MIGRATIONS_DIR));
    }
  }
  assert.deepEqual(
    MIGRATION_FILES,
    onDisk,
    "every migrations/*.sql file is imported in server/db/migration_files.ts",
  );
});

Deno.test("loadMigrations() sorts by the leading number", () => {
  const migrations = loadMigrations({ "010_b.sql": "b", "002_a.sql": "a" });
  assert.deepEqual(migrations.map((m) => [m.version, m.name]), [[2, "002_a.sql"], [
    10,
    "010_b.sql",
  ]]);
});

Deno.test("loadMigrations() rejects a name without a number and a shared version", () => {
  assert.throws(() => loadMigrations({ "init.sql": "" }), /"NNN_name.sql": "init.sql"/);
  assert.throws(
    () => loadMigrations({ "001_a.sql": "", "01_b.sql": "" }),
    /Two migrations share version 1/,
  );
});
