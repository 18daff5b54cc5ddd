/**
 * The `chat-tui` command line: global options, help and the commands.
 *
 * @module
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { PROTOCOL_VERSION } from "../../shared/mod.ts";
import { CredentialStore } from "../client/credentials.ts";
import { normaliseServerUrl } from "../client/server_url.ts";
import { caHttpClient } from "../client/trust_ca.ts";
import type { NotifyChannels } from "../client/terminal_notifier.ts";
import denoConfig from "../../deno.json" with { type: "json" };
import { addAuthCommands } from "./auth_commands.ts";
import type { CliContext } from "./context.ts";
import { addMessageCommands } from "./message_commands.ts";
import { addRoomCommands } from "./room_commands.ts";
import { addSearchCommands } from "./search_commands.ts";
import { addSessionCommands } from "./session_commands.ts";
import { addScreenCommands } from "./screen_commands.ts";

/** The default of `--server`. */
export const DEFAULT_SERVER = "http://localhost:8080";

/** `chat-tui 0.1.0 (protocol 1)` */
export const VERSION_LINE = `chat-tui ${denoConfig.version} (protocol ${PROTOCOL_VERSION})`;

const EXAMPLES = `
Examples:
  $ chat-tui register                       create an account (asks for name and password)
  $ chat-tui create general --topic "Anything goes"
  $ chat-tui join general                   open the chat on #general
  $ chat-tui dm bob                         open the chat on the direct room with bob
  $ chat-tui                                open the chat on the room shown last
  $ echo "build passed" | chat-tui send general
  $ chat-tui history general --limit 20
  $ chat-tui --server https://chat.example.com login -u alice --password-stdin < pw.txt
  $ chat-tui --server https://chat.internal:8443 --ca-file company-ca.pem join general

Credentials are kept in $XDG_CONFIG_HOME/chat-tui/credentials.json (default ~/.config/chat-tui/),
one login per server.`;

/**
 * Builds the `chat-tui` program. It throws `CommanderError` instead of exiting (for usage errors,
 * `--help` and `--version`), and the commands throw errors for {@linkcode describeFailure}.
 *
 * @returns the program, ready for `parseAsync(args, { from: "user" })`
 *
 * @example Printing the help
 * ```ts ignore
 * buildProgram().outputHelp();
 * ```
 */
export function buildProgram(): Command {
  /** Trusting `--ca-file`'s CA, made before the command runs. */
  let httpClient: Deno.HttpClient | undefined;
  const program = new Command("chat-tui")
    .description("Terminal chat: rooms, direct messages and live conversation.")
    .version(VERSION_LINE, "-V, --version", "print the version and protocol")
    .addOption(
      new Option("-s, --server <url>", "chat server URL")
        .env("CHAT_SERVER")
        .default(DEFAULT_SERVER)
        .argParser(parseServerUrl),
    )
    .addOption(
      new Option("--ca-file <path>", "trust the CA certificates (PEM) of this file for https/wss")
        .env("CHAT_CA_FILE"),
    )
    .addOption(
      new Option(
        "--notify <how>",
        "on a mention or direct message in another room: bell, desktop (OSC 9/777) or both",
      ).env("CHAT_NOTIFY").default("bell,desktop").argParser(parseNotify),
    )
    .addOption(new Option("--no-notify", "no bell and no desktop notification"))
    // Every connection of the command goes through the client made here (the context's).
    .hook("preAction", async () => {
      const { caFile } = program.opts<{ caFile?: string }>();
      if (caFile) httpClient = await caHttpClient(caFile);
    })
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .addHelpText("after", EXAMPLES)
    .showSuggestionAfterError()
    .exitOverride();

  let ctx: CliContext | undefined;
  const context = () =>
    ctx ??= {
      // Normalised by parseServerUrl when given; the default already is.
      serverUrl: program.opts<{ server: string }>().server,
      store: new CredentialStore(),
      httpClient,
      notify: notifyChannels(program.opts<{ notify: string | false }>().notify),
    };
  addAuthCommands(program, context);
  addRoomCommands(program, context);
  addSessionCommands(program, context);
  addMessageCommands(program, context);
  addScreenCommands(program, context);
  addSearchCommands(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** `--notify` as channels; `--no-notify` (false) is neither. */
function notifyChannels(value: string | false): NotifyChannels {
  if (value === false) return { bell: false, desktop: false };
  const parts = value.split(",").map((p) => p.trim());
  return { bell: parts.includes("bell"), desktop: parts.includes("desktop") };
}

function parseNotify(value: string): string {
  const parts = value.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (parts.length === 0 || parts.some((p) => p !== "bell" && p !== "desktop")) {
    throw new InvalidArgumentError('expected "bell", "desktop" or "bell,desktop"');
  }
  return parts.join(",");
}

function parseServerUrl(value: string): string {
  try {
    return normaliseServerUrl(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}
