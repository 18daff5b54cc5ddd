/**
 * `deno task migrate`: applies pending migrations to the configured database and exits.
 *
 * @module
 */
import { ConfigError, loadConfig } from "./config.ts";
import { loadMigrations, migrate } from "./db/migrate.ts";
import { openDatabase } from "./db/open_database.ts";

try {
  const config = loadConfig(Deno.env.toObject());
  const { db, description } = await openDatabase(config);
  const applied = await migrate(db, await loadMigrations());
  await db.close();
  console.log(
    applied.length
      ? `Applied ${applied.join(", ")} to ${description}`
      : `${description} is up to date`,
  );
} catch (err) {
  console.error(`migrate: ${err instanceof ConfigError ? err.message : String(err)}`);
  Deno.exit(1);
}
