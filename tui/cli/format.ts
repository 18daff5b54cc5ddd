/**
 * Plain-text output of the scripting commands: room labels, the room table and history lines.
 *
 * @module
 */
import type { Message, Room, RoomSummary } from "../../shared/mod.ts";
import { sanitize } from "../state/text_width.ts";

/**
 * How a room is named to people: `#name`, or `@peer` for a direct room.
 *
 * @param room a room; `peer` is used when present (room summaries have it)
 * @returns the label
 *
 * @example A named room
 * ```ts
 * import { roomLabel } from "./format.ts";
 * roomLabel({ name: "general", peer: null }); // "#general"
 * ```
 */
export function roomLabel(
  room: Pick<Room, "name"> & { peer?: RoomSummary["peer"] },
): string {
  if (room.name !== null) return `#${room.name}`;
  return room.peer ? `@${room.peer.username}` : "(direct)";
}

/**
 * Lays rooms out as aligned columns under a header.
 *
 * @param rooms rooms to list, in the server's order
 * @param scope `mine` shows kind and unread count, `public` (rooms I may join) shows neither
 * @returns the lines, without trailing newlines
 *
 * @example My rooms as a table
 * ```ts ignore
 * formatRooms(await api.rooms(), "mine");
 * // ["ROOM      KIND    UNREAD  TOPIC", "#general  public  3       Anything goes"]
 * ```
 */
export function formatRooms(rooms: RoomSummary[], scope: "mine" | "public"): string[] {
  // Cells are made printable before their widths are measured, so the columns line up.
  const rows = rooms.map((room) =>
    (scope === "mine"
      ? [roomLabel(room), room.kind, String(room.unread_count), room.topic]
      : [roomLabel(room), room.topic]).map((cell) => sanitize(cell))
  );
  const header = scope === "mine" ? ["ROOM", "KIND", "UNREAD", "TOPIC"] : ["ROOM", "TOPIC"];
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) =>
    row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i]!)).join("  ")
      .trimEnd()
  );
}

/**
 * A history entry: `HH:MM <sender> text`, or `HH:MM * sender text` for a `/me` action, in the
 * local time zone. A text of several lines gives one line each, the later ones indented under the
 * text, so that no line of a message can pass for another message.
 *
 * @param message a stored message
 * @returns the lines, without newlines; not yet made printable (see `output.ts`)
 *
 * @example A message at 09:41
 * ```ts ignore
 * formatMessage(message); // ["09:41 <alice> hello bob"]
 * ```
 */
export function formatMessage(message: Message): string[] {
  const at = new Date(message.created_at);
  const time = [at.getHours(), at.getMinutes()].map((n) => String(n).padStart(2, "0")).join(":");
  const who = message.kind === "action"
    ? `* ${message.sender.username}`
    : `<${message.sender.username}>`;
  const [first = "", ...rest] = message.text.split("\n");
  return [
    `${time} ${who} ${first}`,
    ...rest.map((line) => `${" ".repeat(time.length + 1)}${line}`),
  ];
}
