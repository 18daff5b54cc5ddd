/**
 * `join <room>`, `dm <user>` and `chat-tui` alone: the commands that open the chat screen.
 *
 * @module
 */
import type { Command } from "commander";
import { createChatSocket } from "../client/chat_socket.ts";
import { Outbox } from "../client/outbox.ts";
import { FileOutboxStore, outboxPath } from "../client/outbox_file.ts";
import { runChatScreen } from "../components/chat_screen.tsx";
import { type CliContext, type LoggedIn, requireLogin } from "./context.ts";
import { CliError } from "./errors.ts";
import { printLines } from "./output.ts";

/**
 * Adds `join` and `dm` to `program`, and opens the screen when no command is given.
 *
 * @param program the root `chat-tui` command
 * @param context the run's settings, read when a command runs (after parsing)
 *
 * @example As `buildProgram()` does
 * ```ts ignore
 * addScreenCommands(program, context);
 * ```
 */
export function addScreenCommands(program: Command, context: () => CliContext): void {
  program.command("join")
    .description("open the chat on a room, joining it first if it is public")
    .argument("<room>", "room name or id")
    .action(async (roomName: string) => {
      requireTerminal();
      const ctx = context();
      const login = await requireLogin(ctx);
      // The screen is drawn first; it finds the room, or joins it, once the room list is in.
      await openScreen(ctx, login, roomName, true);
    });

  program.command("dm")
    .description("open the chat on my direct room with a user")
    .argument("<user>", "username; a leading @ is ignored")
    .action(async (user: string) => {
      requireTerminal();
      const ctx = context();
      const login = await requireLogin(ctx);
      const room = await login.api.openDirect(user.replace(/^@/, ""));
      await openScreen(ctx, login, room.id);
    });

  // Without a command the screen opens; a word that is no command must not be taken for one.
  program.allowExcessArguments().action(async (_options: unknown, command: Command) => {
    if (command.args.length > 0) {
      throw new CliError(`unknown command "${command.args[0]}": see chat-tui --help`);
    }
    requireTerminal();
    const ctx = context();
    const login = await requireLogin(ctx);
    const rooms = await login.api.rooms();
    const last = (await ctx.store.get(ctx.serverUrl))?.last_room_id;
    const room = rooms.find((r) => r.id === last) ?? rooms[0];
    if (!room) {
      return printLines(
        "you are in no room yet: chat-tui join <room> (see chat-tui rooms --public) " +
          "or chat-tui create <name>",
      );
    }
    await openScreen(ctx, login, room.id);
  });
}

/**
 * Runs the chat screen on `room` (id or name; joined first when `join`) until the user quits,
 * remembering the room shown last, then closes the connection and waits for a running token
 * refresh to be saved. Nothing is asked of the server before the first frame is drawn: the user
 * comes from the saved login.
 */
async function openScreen(
  ctx: CliContext,
  { api, session }: LoggedIn,
  room: string,
  join = false,
) {
  const me = session.user;
  // Writes are chained so that the last room switched to is the one saved.
  let saving = Promise.resolve();
  const onRoomChange = (id: string) => {
    saving = saving.then(() => ctx.store.setLastRoom(ctx.serverUrl, id)).catch(() => {});
  };
  const socket = createChatSocket({ url: ctx.serverUrl, session, httpClient: ctx.httpClient });
  // Created before the socket is connected, so that lines kept from last time go out first.
  const store = new FileOutboxStore(outboxPath(ctx.serverUrl, me.id));
  const outbox = new Outbox({ socket, store, userId: me.id });
  try {
    await runChatScreen({
      api,
      socket,
      outbox,
      me,
      initialRoomId: room,
      ...(join ? { joinRoom: room } : {}),
      onRoomChange,
      notify: ctx.notify ?? { bell: true, desktop: true },
    });
  } finally {
    outbox.close();
    socket.close();
    await Promise.all([saving, session.settled()]);
  }
  const kept = outbox.pending.length;
  if (kept > 0) {
    const [what, it] = kept === 1 ? ["1 unsent message is", "it is"] : [
      `${kept} unsent messages are`,
      "they are",
    ];
    printLines(`${what} kept in ${store.path}: ${it} sent the next time the chat opens`);
  }
}

/**
 * Fails before anything changes on the server: without this check first, `join` joined the room
 * and `dm` created the direct room, and only then said that there was no screen to show them on.
 *
 * @throws {CliError} when stdin or stdout is not a terminal
 */
function requireTerminal(): void {
  if (!Deno.stdin.isTerminal() || !Deno.stdout.isTerminal()) {
    throw new CliError("the chat screen needs a terminal: in scripts use send and history");
  }
}
