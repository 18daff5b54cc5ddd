/**
 * Parsing the input line: a message, or one of the slash commands. Each command is one entry of
 * {@linkcode COMMANDS} (usage, summary, argument parser), so adding a command is one table row
 * plus its handler, and a missing entry is a type error.
 *
 * @module
 */
import { NotificationLevel } from "../../shared/mod.ts";

/** A parsed slash command. */
export type SlashCommand =
  | { name: "join"; room: string }
  | { name: "leave" }
  | { name: "create"; room: string; private: boolean }
  | { name: "dm"; username: string }
  | { name: "invite"; username: string }
  | { name: "topic"; topic: string }
  | { name: "who" }
  | { name: "me"; action: string }
  | { name: "edit"; text: string }
  | { name: "delete" }
  | { name: "reply"; text: string }
  | { name: "react"; emoji: string }
  | { name: "thread" }
  | { name: "discard" }
  | { name: "search"; query: string }
  | { name: "mentions" }
  | { name: "mute" }
  | { name: "notify"; level: NotificationLevel }
  | { name: "help" }
  | { name: "quit" };

/** A command's name. */
export type CommandName = SlashCommand["name"];

/** What the input line holds. */
export type ParsedInput =
  | { type: "empty" }
  | { type: "text"; text: string }
  | { type: "command"; command: SlashCommand }
  | { type: "invalid"; error: string };

interface CommandSpec<N extends CommandName> {
  usage: string;
  summary: string;
  /** Returns the command, or null when the arguments do not fit the usage. */
  parse(args: string[], rest: string): Extract<SlashCommand, { name: N }> | null;
}

/** A command taking exactly one word. */
function oneWord<N extends CommandName, K extends string>(name: N, key: K) {
  return (args: string[]) =>
    args.length === 1 ? { name, [key]: args[0]! } as { name: N } & Record<K, string> : null;
}

/** Every slash command: usage, one-line summary and argument parser. */
export const COMMANDS = {
  join: {
    usage: "/join <room>",
    summary: "join a public room (or switch to one of mine)",
    parse: (args) => oneWord("join", "room")(args.map((a) => a.replace(/^#/, ""))),
  },
  leave: { usage: "/leave", summary: "leave the current room", parse: noArgs("leave") },
  create: {
    usage: "/create <name> [--private]",
    summary: "create a room",
    parse: (args) => {
      const names = args.filter((a) => a !== "--private");
      if (names.length !== 1 || names[0]!.startsWith("--")) return null;
      return {
        name: "create",
        room: names[0]!.replace(/^#/, ""),
        private: args.includes("--private"),
      };
    },
  },
  dm: {
    usage: "/dm <user>",
    summary: "open a direct conversation",
    parse: oneWord("dm", "username"),
  },
  invite: {
    usage: "/invite <user>",
    summary: "add a user to the current room",
    parse: oneWord("invite", "username"),
  },
  topic: {
    usage: "/topic <text>",
    summary: "set the current room's topic",
    parse: (_args, rest) => rest ? { name: "topic", topic: rest } : null,
  },
  who: { usage: "/who", summary: "list the current room's members", parse: noArgs("who") },
  me: {
    usage: "/me <action>",
    summary: "send an action (* alice waves)",
    parse: (_args, rest) => rest ? { name: "me", action: rest } : null,
  },
  edit: {
    usage: "/edit <text>",
    summary: "replace the text of my last message",
    parse: (_args, rest) => rest ? { name: "edit", text: rest } : null,
  },
  delete: {
    usage: "/delete",
    summary: "delete my last message (asks first)",
    parse: noArgs("delete"),
  },
  reply: {
    usage: "/reply <text>",
    summary: "answer the selected or last message, quoting it",
    parse: (_args, rest) => rest ? { name: "reply", text: rest } : null,
  },
  react: {
    usage: "/react <emoji>",
    summary: "react to the selected or last message (:shortcode: or emoji; again to undo)",
    parse: oneWord("react", "emoji"),
  },
  thread: {
    usage: "/thread",
    summary: "open the thread of the selected or last message (Esc returns)",
    parse: noArgs("thread"),
  },
  discard: {
    usage: "/discard",
    summary: "drop my unsent messages in the current room",
    parse: noArgs("discard"),
  },
  search: {
    usage: "/search <query>",
    summary: 'search my rooms and public rooms (words, "phrase", -not, pre*); also Ctrl+F',
    parse: (_args, rest) => rest ? { name: "search", query: rest } : null,
  },
  mentions: {
    usage: "/mentions",
    summary: "list messages that mention me",
    parse: noArgs("mentions"),
  },
  mute: { usage: "/mute", summary: "mute the current room (/notify none)", parse: noArgs("mute") },
  notify: {
    usage: "/notify all|mentions|none",
    summary: "when the current room notifies me",
    parse: (args) => {
      const level = NotificationLevel.safeParse(args[0]);
      return args.length === 1 && level.success ? { name: "notify", level: level.data } : null;
    },
  },
  help: { usage: "/help", summary: "show this list", parse: noArgs("help") },
  quit: { usage: "/quit", summary: "leave the chat screen", parse: noArgs("quit") },
} satisfies { [N in CommandName]: CommandSpec<N> };

function noArgs<N extends CommandName>(name: N) {
  return (args: string[]) =>
    args.length === 0 ? { name } as Extract<SlashCommand, { name: N }> : null;
}

/** Command names with their slash, for Tab completion. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS).map((n) => `/${n}`);

/**
 * Parses a line of input. `//text` sends `/text` as a message.
 *
 * @example A command and a message
 * ```ts
 * import { parseInput } from "./slash_commands.ts";
 * parseInput("/join general"); // { type: "command", command: { name: "join", room: "general" } }
 * parseInput("hello"); // { type: "text", text: "hello" }
 * ```
 */
export function parseInput(line: string): ParsedInput {
  const trimmed = line.trim();
  if (trimmed === "") return { type: "empty" };
  if (!trimmed.startsWith("/")) return { type: "text", text: trimmed };
  if (trimmed.startsWith("//")) return { type: "text", text: trimmed.slice(1) };
  const [word = "", ...args] = trimmed.split(/\s+/);
  const rest = trimmed.slice(word.length).trim();
  const name = word.slice(1).toLowerCase();
  if (!Object.hasOwn(COMMANDS, name)) {
    return { type: "invalid", error: `unknown command: ${word} (try /help)` };
  }
  const spec = COMMANDS[name as CommandName] as CommandSpec<CommandName>;
  const command = spec.parse(args, rest);
  return command
    ? { type: "command", command }
    : { type: "invalid", error: `usage: ${spec.usage}` };
}

/** The /help text: one line per command. */
export function helpLines(): string[] {
  const specs = Object.values(COMMANDS) as CommandSpec<CommandName>[];
  const width = Math.max(...specs.map((s) => s.usage.length));
  return specs.map((s) => `${s.usage.padEnd(width)}  ${s.summary}`);
}
