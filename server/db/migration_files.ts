/**
 * The SQL files of `migrations/`, imported as text so they are part of the module graph: a
 * compiled or bundled server carries them and never reads the directory. The files stay the
 * source of truth; `migrate_test.ts` fails when one is missing here or differs.
 *
 * @module
 */
import init from "../../migrations/001_init.sql" with { type: "text" };
import eventStream from "../../migrations/002_event_stream.sql" with { type: "text" };
import sessions from "../../migrations/003_sessions.sql" with { type: "text" };
import searchMentions from "../../migrations/004_search_mentions.sql" with { type: "text" };
import accountDeletion from "../../migrations/005_account_deletion.sql" with { type: "text" };

/** File name to SQL, for every file of `migrations/`. */
export const MIGRATION_FILES: Readonly<Record<string, string>> = {
  "001_init.sql": init,
  "002_event_stream.sql": eventStream,
  "003_sessions.sql": sessions,
  "004_search_mentions.sql": searchMentions,
  "005_account_deletion.sql": accountDeletion,
};
