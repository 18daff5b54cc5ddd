/**
 * What each slash command does, one handler per command in a table (a missing handler is a type
 * error). Handlers throw on failure; {@linkcode runCommand} shows the error, once for all.
 *
 * @module
 */
import type { Message, MessageKind, NotificationLevel } from "../../shared/mod.ts";
import { MESSAGE_MAX_LENGTH } from "../../shared/mod.ts";
import type { ActionQueue } from "../client/action_queue.ts";
import type { Outbox } from "../client/outbox.ts";
import { type ChatState, currentRoom, type RoomEntry } from "../state/chat_state.ts";
import { findRoom, roomLabel } from "../state/room_order.ts";
import { type CommandName, helpLines, type SlashCommand } from "../state/slash_commands.ts";
import { emojiOf } from "../state/emoji.ts";
import { type ChatApi, type Dispatch, loadRooms, showError } from "./chat_effects.ts";
import {
  commandTarget,
  editMessage,
  myLastMessage,
  openThread,
  toggleReaction,
} from "./message_actions.ts";

/** What a command handler works with. */
export interface CommandContext {
  api: ChatApi;
  outbox: Outbox;
  actions: ActionQueue;
  state: ChatState;
  dispatch: Dispatch;
  quit: () => void;
  /** Opens the results view of `/search` and `/mentions`. */
  openResults: (kind: "search" | "mentions", query?: string) => void;
}

type CommandHandler<N extends CommandName> = (
  command: Extract<SlashCommand, { name: N }>,
  ctx: CommandContext,
) => Promise<void> | void;

/** The room shown; commands about "this room" fail without one. */
function shown(ctx: CommandContext): RoomEntry {
  const entry = currentRoom(ctx.state);
  if (!entry) throw new Error("No room shown: /join or /create one first");
  return entry;
}

/**
 * The room shown, for commands that only named rooms have. The server refuses them in a direct
 * room with a line naming the room by its id, which means nothing to people; this names the peer
 * and says why.
 */
function notDirect(ctx: CommandContext, command: string, why: string): RoomEntry {
  const entry = shown(ctx);
  if (entry.room.kind !== "direct") return entry;
  throw new Error(`Cannot use ${command} with ${roomLabel(entry)}: direct conversations ${why}`);
}

function info(ctx: CommandContext, ...lines: string[]): void {
  ctx.dispatch({ type: "notice_shown", notice: { level: "info", lines } });
}

/**
 * Sends a message to the room shown through the outbox: saved to disk first, then listed as
 * pending, sent if connected (otherwise on reconnect, or by the next chat-tui).
 */
export function sendMessage(
  ctx: CommandContext,
  text: string,
  kind: MessageKind,
  replyTo?: Message,
): void {
  const entry = shown(ctx);
  const length = [...text].length;
  if (length > MESSAGE_MAX_LENGTH) {
    throw new Error(`Message too long: ${length} characters, at most ${MESSAGE_MAX_LENGTH}`);
  }
  // In a thread view, what I type is a reply in the thread.
  const thread = ctx.state.thread?.room_id === entry.room.id ? ctx.state.thread.root.id : undefined;
  const placed = {
    ...(replyTo ? { reply_to: replyTo.id } : {}),
    ...(thread === undefined ? {} : { thread_root_id: thread }),
  };
  const saved = ctx.outbox.submit({ room_id: entry.room.id, text, kind, ...placed });
  ctx.dispatch({
    type: "message_submitted",
    room_id: saved.room_id,
    client_msg_id: saved.client_msg_id,
    text,
    kind,
    at: Date.parse(saved.created_at),
    ...placed,
  });
  if (ctx.state.compose) ctx.dispatch({ type: "compose_ended" });
}

/**
 * A reaction argument as an emoji.
 *
 * @throws {Error} when it names no emoji
 */
export function emojiArgument(text: string): string {
  const emoji = emojiOf(text);
  if (emoji === null) throw new Error(`Unknown emoji "${text}": try :+1:, :tada: or Tab after :`);
  return emoji;
}

const LEVEL_TEXT: Record<NotificationLevel, string> = {
  all: "notifies of every message",
  mentions: "notifies of mentions of me only",
  none: "is muted",
};

/** Sets my level for the room shown; the room list (with every level) is loaded again. */
async function setLevel(ctx: CommandContext, level: NotificationLevel): Promise<void> {
  const entry = shown(ctx);
  await ctx.api.setNotificationLevel(entry.room.id, level);
  await loadRooms(ctx.api, ctx.dispatch);
  info(ctx, `${roomLabel(entry)} ${LEVEL_TEXT[level]}`);
}

const handlers = {
  join: async ({ room }, ctx) => {
    const held = findRoom(ctx.state, room);
    if (held) return ctx.dispatch({ type: "room_selected", room: held.room.id });
    const listed = (await ctx.api.rooms("public")).find((r) => r.name === room || r.id === room);
    if (!listed) throw new Error(`Cannot join room "${room}": no public room of that name`);
    ctx.dispatch({ type: "room_added", room: await ctx.api.joinRoom(listed.id), select: true });
  },
  leave: async (_, ctx) => {
    const entry = shown(ctx);
    if (entry.room.kind === "direct") throw new Error("Direct conversations cannot be left");
    await ctx.api.leaveRoom(entry.room.id);
    ctx.dispatch({ type: "room_removed", room_id: entry.room.id });
    info(ctx, `You left ${roomLabel(entry)}`);
  },
  create: async ({ room, private: isPrivate }, ctx) => {
    const visibility = isPrivate ? "private" : "public";
    const created = await ctx.api.createRoom({ name: room, visibility });
    ctx.dispatch({ type: "room_added", room: created, select: true });
  },
  dm: async ({ username }, ctx) => {
    const room = await ctx.api.openDirect(username);
    // The room list names the other user, which the room itself does not.
    await loadRooms(ctx.api, ctx.dispatch, room.id);
  },
  invite: async ({ username }, ctx) => {
    const entry = notDirect(ctx, "/invite", "take no one else: /create a room and invite there");
    await ctx.api.invite(entry.room.id, username);
    info(ctx, `Invited ${username} to ${roomLabel(entry)}`);
  },
  topic: async ({ topic }, ctx) => {
    const entry = notDirect(ctx, "/topic", "have no topic");
    const room = await ctx.api.updateRoom(entry.room.id, { topic });
    ctx.dispatch({ type: "room_added", room, select: false });
  },
  who: async (_, ctx) => {
    const entry = shown(ctx);
    const listed = await ctx.api.members(entry.room.id);
    const members = listed.map((m) => m.user);
    const online = listed.filter((m) => m.online).map((m) => m.user.id);
    ctx.dispatch({ type: "members_loaded", room_id: entry.room.id, members, online });
    const names = listed.map((m) => m.online ? `${m.user.username} (online)` : m.user.username);
    info(ctx, `${names.length} in ${roomLabel(entry)}: ${names.sort().join(", ")}`);
  },
  me: ({ action }, ctx) => sendMessage(ctx, action, "action"),
  edit: ({ text }, ctx) => editMessage(ctx, myLastMessage(ctx.state), text),
  delete: (_, ctx) => {
    const message = myLastMessage(ctx.state);
    ctx.dispatch({ type: "compose_started", compose: { type: "delete", message } });
  },
  reply: ({ text }, ctx) => sendMessage(ctx, text, "text", commandTarget(ctx.state)),
  react: ({ emoji }, ctx) => toggleReaction(ctx, commandTarget(ctx.state), emojiArgument(emoji)),
  thread: (_, ctx) => openThread(ctx, commandTarget(ctx.state)),
  discard: (_, ctx) => {
    const entry = shown(ctx);
    const dropped = ctx.outbox.discard(entry.room.id).length;
    ctx.dispatch({ type: "pending_discarded", room_id: entry.room.id });
    info(
      ctx,
      `Dropped ${dropped} unsent message${dropped === 1 ? "" : "s"} in ${roomLabel(entry)}`,
    );
  },
  search: ({ query }, ctx) => ctx.openResults("search", query),
  mentions: (_, ctx) => ctx.openResults("mentions"),
  mute: (_, ctx) => setLevel(ctx, "none"),
  notify: ({ level }, ctx) => setLevel(ctx, level),
  help: (_, ctx) =>
    info(
      ctx,
      ...helpLines(),
      "Keys: Ctrl+N/P rooms, Alt+A unread, Ctrl+F search, PgUp/PgDn, Esc; Alt+S selects a " +
        "message: e edit, d delete, r reply, + react, t thread",
    ),
  quit: (_, ctx) => ctx.quit(),
} satisfies { [N in CommandName]: CommandHandler<N> };

/**
 * Runs a slash command; any failure becomes an error notice.
 *
 * @param command the parsed command
 * @param ctx the client, socket, state and dispatch
 */
export async function runCommand(command: SlashCommand, ctx: CommandContext): Promise<void> {
  const handler = handlers[command.name] as CommandHandler<CommandName>;
  try {
    await handler(command, ctx);
  } catch (err) {
    showError(ctx.dispatch, err);
  }
}
