/**
 * `rooms`, `create` and `invite`.
 *
 * @module
 */
import type { Command } from "commander";
import { type CliContext, requireLogin } from "./context.ts";
import { CliError } from "./errors.ts";
import { formatRooms, roomLabel } from "./format.ts";
import { printJson, printLines } from "./output.ts";
import { resolveRoom } from "./resolve_room.ts";

/**
 * Adds the room commands to `program`.
 *
 * @param program the root `chat-tui` command
 * @param context the run's settings, read when a command runs (after parsing)
 *
 * @example As `buildProgram()` does
 * ```ts ignore
 * addRoomCommands(program, context);
 * ```
 */
export function addRoomCommands(program: Command, context: () => CliContext): void {
  program.command("rooms")
    .description("list my rooms with unread counts")
    .option("--public", "list the public rooms I can join instead")
    .option("--json", "print JSON (the server's room summaries)")
    .action(async (options: { public?: boolean; json?: boolean }) => {
      const { api } = await requireLogin(context());
      const scope = options.public ? "public" : "mine";
      const rooms = await api.rooms(scope);
      if (options.json) return printJson(rooms);
      if (rooms.length > 0) return printLines(...formatRooms(rooms, scope));
      printLines(
        scope === "mine"
          ? "no rooms yet: see chat-tui rooms --public, or chat-tui create <name>"
          : "no public rooms to join: create one with chat-tui create <name>",
      );
    });

  program.command("create")
    .description("create a room; I become its owner")
    .argument("<name>", "a-z, 0-9, _ and -; a leading # is ignored")
    .option("--private", "members join by invitation only")
    .option("--topic <text>", "what the room is about")
    .action(async (name: string, options: { private?: boolean; topic?: string }) => {
      const { api } = await requireLogin(context());
      const room = await api.createRoom({
        name: name.replace(/^#/, ""),
        visibility: options.private ? "private" : "public",
        ...(options.topic === undefined ? {} : { topic: options.topic }),
      });
      printLines(`created ${roomLabel(room)} (${room.kind})`);
    });

  program.command("invite")
    .description("add a user to a room I own")
    .argument("<room>", "room name or id")
    .argument("<user>", "username; a leading @ is ignored")
    .action(async (roomName: string, user: string) => {
      const { api } = await requireLogin(context());
      const { room, member } = await resolveRoom(api, roomName);
      if (!member) throw new CliError(`not a member of ${roomLabel(room)}`);
      const added = await api.invite(room.id, user.replace(/^@/, ""));
      printLines(`invited ${added.user.username} to ${roomLabel(room)}`);
    });
}
