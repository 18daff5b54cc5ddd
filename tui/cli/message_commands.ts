/**
 * `send` and `history`, for scripts: no screen, plain output.
 *
 * @module
 */
import { type Command, InvalidArgumentError } from "commander";
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import { type CliContext, requireLogin } from "./context.ts";
import { CliError } from "./errors.ts";
import { formatMessage, roomLabel } from "./format.ts";
import { printJson, printLines } from "./output.ts";
import { readStdin } from "./prompt.ts";
import { resolveRoom } from "./resolve_room.ts";

/**
 * Adds the message commands to `program`.
 *
 * @param program the root `chat-tui` command
 * @param context the run's settings, read when a command runs (after parsing)
 *
 * @example As `buildProgram()` does
 * ```ts ignore
 * addMessageCommands(program, context);
 * ```
 */
export function addMessageCommands(program: Command, context: () => CliContext): void {
  program.command("send")
    .description("send a message; without text arguments, the text is read from stdin")
    .argument("<room>", "room name or id, or @user for a direct message")
    .argument("[text...]", "the message")
    .action(async (roomName: string, words: string[]) => {
      const { api } = await requireLogin(context());
      const text = words.length > 0 ? words.join(" ") : await textFromStdin();
      // `@user` opens the direct room when there is none yet, as `chat-tui dm` does.
      const roomId = roomName.startsWith("@")
        ? (await api.openDirect(roomName.slice(1))).id
        : await memberRoomId(api, roomName);
      await api.sendMessage(roomId, { text, client_msg_id: crypto.randomUUID() });
    });

  program.command("history")
    .description("print a room's latest messages, oldest first")
    .argument("<room>", "room name or id")
    .option(
      "-n, --limit <count>",
      `how many (1-${HISTORY_MAX_LIMIT})`,
      parseLimit,
      HISTORY_DEFAULT_LIMIT,
    )
    .option("--json", "print JSON (the server's messages)")
    .action(async (roomName: string, options: { limit: number; json?: boolean }) => {
      const { api } = await requireLogin(context());
      const roomId = await memberRoomId(api, roomName);
      const { messages } = await api.history(roomId, { limit: options.limit });
      if (options.json) return printJson(messages);
      for (const message of messages) printLines(...formatMessage(message));
    });
}

async function memberRoomId(api: ApiClient, roomName: string): Promise<string> {
  const { room, member } = await resolveRoom(api, roomName);
  if (!member) {
    throw new CliError(
      `not a member of ${roomLabel(room)}: join it with chat-tui join ${room.name}`,
    );
  }
  return room.id;
}

async function textFromStdin(): Promise<string> {
  if (Deno.stdin.isTerminal()) {
    throw new CliError("no text given: pass it after the room or pipe it on stdin");
  }
  // CRLF line ends become LF: the server refuses CR in text, as any control but tab and newline.
  const text = (await readStdin()).replaceAll("\r\n", "\n").replace(/\n$/, "");
  if (!text.trim()) throw new CliError("no text on stdin");
  return text;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_MAX_LIMIT) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${HISTORY_MAX_LIMIT}`);
  }
  return limit;
}
