/**
 * Plain-text lines of search hits and mentions, for `chat-tui search` and `chat-tui mentions`:
 * room, sender, local time and the text (a hit's snippet, a mention's message text).
 *
 * @module
 */
import type { Mention, RoomRef, SearchHit, UserRef } from "../../shared/mod.ts";

/** Labels for rooms by id: `@peer` for my direct rooms, which have no name. */
export type DirectPeers = ReadonlyMap<string, UserRef>;

/** `#name`, `@peer` for a direct room whose peer is known, else `(direct)`. */
export function hitRoomLabel(room: RoomRef, peers: DirectPeers): string {
  if (room.name !== null) return `#${room.name}`;
  const peer = peers.get(room.id);
  return peer ? `@${peer.username}` : "(direct)";
}

/** `2026-12-01 09:41` in the local time zone. */
export function localTime(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ` +
    `${two(at.getHours())}:${two(at.getMinutes())}`;
}

/**
 * One line per hit: `#room  sender  time  snippet`, columns aligned; newlines in the snippet
 * become spaces. Not yet made printable (see `output.ts`).
 *
 * @example
 * ```ts ignore
 * formatHits(page.hits, peers); // ["#general  alice  2026-12-01 09:41  the deploy failed"]
 * ```
 */
export function formatHits(hits: readonly SearchHit[], peers: DirectPeers): string[] {
  return columns(hits.map((hit) => [
    hitRoomLabel(hit.room, peers),
    hit.message.sender.username,
    localTime(hit.message.created_at),
    hit.snippet.map((p) => p.text).join(""),
  ]));
}

/** One line per mention, as {@linkcode formatHits}, with `*` before the unread ones. */
export function formatMentions(mentions: readonly Mention[], peers: DirectPeers): string[] {
  return columns(mentions.map((m) => [
    `${m.unread ? "*" : " "} ${hitRoomLabel(m.room, peers)}`,
    m.message.sender.username,
    localTime(m.message.created_at),
    m.message.text,
  ]));
}

function columns(rows: string[][]): string[] {
  const flat = rows.map((row) => row.map((cell) => cell.replaceAll(/\s*\n\s*/g, " ")));
  const widths = [0, 1, 2].map((i) => Math.max(0, ...flat.map((row) => row[i]!.length)));
  return flat.map((row) => row.map((cell, i) => i < 3 ? cell.padEnd(widths[i]!) : cell).join("  "));
}
