/**
 * How messages become rows of the message list: `HH:MM nick │ text`, text wrapped under itself,
 * a separator row when the day changes. Shared by the list (which renders the rows) and the
 * reducer (which scrolls by rows), so both always agree on every message's height.
 *
 * @module
 */
import type { Message, UserRef } from "../../shared/mod.ts";
import { isPending, type ListedMessage, type RoomEntry } from "./chat_state.ts";
import { sanitize, truncate, wrapText } from "./text_width.ts";

/** Width of `HH:MM`. */
const TIME_WIDTH = 5;
/** Width of the ` │ ` between nick and text. */
const GUTTER_WIDTH = 3;

/** One row of the message list. */
export type MessageRow =
  | { type: "day"; key: string; label: string }
  | { type: "text"; key: string; message: ListedMessage; first: boolean; text: string }
  /**
   * What a stored message shows around its text: the one line it quotes (`quote`, above), its
   * reactions and its thread's reply count (below).
   */
  | { type: "quote" | "reactions" | "thread"; key: string; message: Message; text: string };

/** The columns of a message row for a list `width` cells wide; `time` is 0 when left out. */
export interface MessageColumns {
  time: number;
  nick: number;
  text: number;
}

/** Narrower text than this drops the time column, so that words still fit on a row. */
const MIN_TEXT_WITH_TIME = 16;

/** The list's geometry and whose messages are pending. */
export interface LayoutContext {
  width: number;
  me: UserRef;
}

/**
 * Column widths for a message list `width` cells wide. The columns always add up to `width`, so
 * no row is ever cut: on a narrow list the time goes first, then the nick shrinks.
 *
 * @example At the 80×24 screen's list width and at 20 columns
 * ```ts
 * import { messageColumns } from "./message_layout.ts";
 * messageColumns(63); // { time: 6, nick: 10, text: 44 }
 * messageColumns(20); // { time: 0, nick: 6, text: 11 }
 * ```
 */
export function messageColumns(width: number): MessageColumns {
  const nick = Math.min(12, Math.max(6, Math.floor(width / 6)));
  const withTime = width - TIME_WIDTH - 1 - nick - GUTTER_WIDTH;
  if (withTime >= MIN_TEXT_WITH_TIME) return { time: TIME_WIDTH + 1, nick, text: withTime };
  const small = Math.max(1, Math.min(nick, width - GUTTER_WIDTH - 4));
  // Two cells at least, so that a wide character always fits on a row.
  return { time: 0, nick: small, text: Math.max(2, width - small - GUTTER_WIDTH) };
}

/** Number of messages (stored, then pending) listed for a room. */
export function listedCount(entry: RoomEntry): number {
  return entry.messages.length + entry.pending.length;
}

/** The listed message at `index`: stored messages first, then my pending ones. */
export function listedAt(entry: RoomEntry, index: number): ListedMessage | undefined {
  const n = entry.messages.length;
  return index < n ? entry.messages[index] : entry.pending[index - n];
}

/** The local calendar day of an ISO timestamp, as `YYYY-MM-DD`. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** The local time of an ISO timestamp, as `HH:MM`. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** The text shown after a message of mine that the server has not stored. */
export function pendingSuffix(message: ListedMessage): string {
  if (!isPending(message)) return "";
  if (message.error !== null) return ` (not sent: ${message.error})`;
  return message.retryAt === undefined ? " (sending…)" : " (rate limited: will retry)";
}

/** What a deleted message shows, on one dim line, in place of its erased text. */
export const DELETED_TEXT = "message deleted";

/** Whether a listed message is a tombstone. */
export function isDeleted(message: ListedMessage): boolean {
  return !isPending(message) && message.deleted;
}

/** A message's text as listed (sanitized): the text, `(edited)` or the pending state after it. */
function bodyText(message: ListedMessage, me: UserRef): string {
  if (isPending(message)) {
    const text = sanitize(message.text, true);
    const body = message.kind === "action" ? `${me.username} ${text}` : text;
    return body + pendingSuffix(message);
  }
  if (message.deleted) return DELETED_TEXT;
  const text = sanitize(message.text, true);
  const body = message.kind === "action" ? `${message.sender.username} ${text}` : text;
  return message.edited_at === null ? body : `${body} (edited)`;
}

/**
 * The rows of the listed message at `index`: a day separator when it starts a new day, then its
 * wrapped text.
 *
 * @param entry the room
 * @param index index into the listed messages (see {@linkcode listedAt})
 * @param ctx list width and the user whose messages are pending
 * @returns the rows, top to bottom
 */
export function messageRows(entry: RoomEntry, index: number, ctx: LayoutContext): MessageRow[] {
  const message = listedAt(entry, index);
  if (!message) return [];
  const key = isPending(message) ? message.client_msg_id : message.id;
  const rows: MessageRow[] = [];
  const day = dayKey(message.created_at);
  const previous = listedAt(entry, index - 1);
  if (!previous || dayKey(previous.created_at) !== day) {
    rows.push({ type: "day", key: `${key}:day`, label: dayLabel(message.created_at, ctx.width) });
  }
  const width = messageColumns(ctx.width).text;
  const stored = isPending(message) || message.deleted ? null : message;
  if (stored?.reply_to) {
    rows.push({
      type: "quote",
      key: `${key}:quote`,
      message: stored,
      text: quoteText(stored, width),
    });
  }
  const lines = wrapText(bodyText(message, ctx.me), width);
  lines.forEach((text, i) =>
    rows.push({ type: "text", key: `${key}:${i}`, message, first: i === 0, text })
  );
  if (stored && stored.reactions.length > 0) {
    wrapText(reactionsText(stored, ctx.me), width).forEach((text, i) =>
      rows.push({ type: "reactions", key: `${key}:r${i}`, message: stored, text })
    );
  }
  if (!isPending(message) && message.reply_count > 0) {
    const n = message.reply_count;
    const text = `└ ${n} ${n === 1 ? "reply" : "replies"}`;
    rows.push({ type: "thread", key: `${key}:thread`, message, text });
  }
  return rows;
}

/** `↪ bob: the first words of what it answers`, on one line. */
function quoteText(message: Message, width: number): string {
  const preview = message.reply_to!;
  const what = preview.deleted ? DELETED_TEXT : sanitize(preview.text);
  return truncate(`↪ ${sanitize(preview.sender.username)}: ${what}`, width);
}

/** `👍 2  [🎉 1]`: each emoji with its count, mine in brackets. */
export function reactionsText(message: Message, me: UserRef): string {
  return message.reactions.map((r) => {
    const text = `${sanitize(r.emoji)} ${r.count}`;
    return r.users.some((u) => u.id === me.id) ? `[${text}]` : text;
  }).join("  ");
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * `─── Tuesday 4 March 2025 ───` in local time, or `─ Tue 4 Mar 2025 ─` and then `2025-03-04`
 * when the list is too narrow for it.
 */
function dayLabel(iso: string, width: number): string {
  const d = new Date(iso);
  const [day, month, year] = [d.getDate(), MONTHS[d.getMonth()]!, d.getFullYear()];
  const weekday = WEEKDAYS[d.getDay()]!;
  const texts = [
    ` ${weekday} ${day} ${month} ${year} `,
    ` ${weekday.slice(0, 3)} ${day} ${month.slice(0, 3)} ${year} `,
    `${year}-${pad2(d.getMonth() + 1)}-${pad2(day)}`,
  ];
  const text = texts.find((t) => t.length + 2 <= width) ?? texts.at(-1)!;
  const side = Math.max(0, Math.floor((width - text.length) / 2));
  const label = `${"─".repeat(side)}${text}${"─".repeat(side)}`;
  return label.length <= width ? label : truncate(label, width);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** The sender shown in the nick column: the username, or `*` for a /me action. */
export function nickOf(message: ListedMessage, me: UserRef): string {
  if (message.kind === "action") return "*";
  return isPending(message) ? me.username : message.sender.username;
}
