/**
 * `search` and `mentions`, for scripts (issue 14): plain lines through the sanitizer of
 * `output.ts`, or with `--json` the server's hits and mentions exactly.
 *
 * @module
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, type UserRef } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import { type CliContext, requireLogin } from "./context.ts";
import { type DirectPeers, formatHits, formatMentions } from "./format_hits.ts";
import { printJson, printLines } from "./output.ts";
import { resolveRoom } from "./resolve_room.ts";

/** Options of `chat-tui search`. */
interface SearchOptions {
  room?: string;
  from?: string;
  sort: "newest" | "relevance";
  limit: number;
  json?: boolean;
}

/**
 * Adds `search` and `mentions` to `program`.
 *
 * @param program the root `chat-tui` command
 * @param context the run's settings, read when a command runs (after parsing)
 */
export function addSearchCommands(program: Command, context: () => CliContext): void {
  program.command("search")
    .description("search the messages of my rooms and public rooms, newest first")
    .argument("<query...>", 'words, "a phrase", a or b, -word, prefix*')
    .option("-r, --room <room>", "only this room (name, @user or id)")
    .option("--from <user>", "only messages by this user")
    .addOption(
      new Option("--sort <order>", "newest or relevance").choices(["newest", "relevance"])
        .default("newest"),
    )
    .option(
      `-n, --limit <count>`,
      `how many (1-${SEARCH_MAX_LIMIT})`,
      parseLimit,
      SEARCH_DEFAULT_LIMIT,
    )
    .option("--json", "print JSON (the server's hits)")
    .action(async (words: string[], options: SearchOptions) => {
      const { api } = await requireLogin(context());
      const roomId = options.room ? (await resolveRoom(api, options.room)).room.id : undefined;
      const page = await api.search({
        q: words.join(" "),
        room_id: roomId,
        from: options.from,
        sort: options.sort,
        limit: options.limit,
      });
      if (options.json) return printJson(page.hits);
      printLines(...formatHits(page.hits, await directPeers(api)));
    });

  program.command("mentions")
    .description("messages that mention me (@me, @room, direct messages), newest first")
    .option(
      `-n, --limit <count>`,
      `how many (1-${SEARCH_MAX_LIMIT})`,
      parseLimit,
      SEARCH_DEFAULT_LIMIT,
    )
    .option("--json", "print JSON (the server's mentions)")
    .action(async (options: { limit: number; json?: boolean }) => {
      const { api } = await requireLogin(context());
      const page = await api.mentions({ limit: options.limit });
      if (options.json) return printJson(page.mentions);
      printLines(...formatMentions(page.mentions, await directPeers(api)));
    });
}

/** My direct rooms' peers, to label direct rooms (which have no name). */
async function directPeers(api: ApiClient): Promise<DirectPeers> {
  const peers = new Map<string, UserRef>();
  for (const room of await api.rooms("mine")) if (room.peer) peers.set(room.id, room.peer);
  return peers;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${SEARCH_MAX_LIMIT}`);
  }
  return limit;
}
