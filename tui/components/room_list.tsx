/**
 * The room list on the left: rooms, then direct messages, each with its unread count and a `@`
 * when I was mentioned, and a green `•` before a direct room whose other user is online; the room
 * shown is highlighted.
 *
 * @module
 */
import { Box, Text } from "ink";
import { badgeOf } from "../../shared/mod.ts";
import type { RoomEntry } from "../state/chat_state.ts";
import { roomLabel } from "../state/room_order.ts";
import { pad, truncate } from "../state/text_width.ts";

/** Props of {@linkcode RoomList}. */
export interface RoomListProps {
  /** Rooms in list order (see `orderedRooms`). */
  rooms: readonly RoomEntry[];
  currentRoomId: string | null;
  /** Ids of the users online. */
  online?: ReadonlySet<string>;
  width: number;
  height: number;
}

type Line = { type: "heading"; text: string } | { type: "room"; entry: RoomEntry };

/** Lists the rooms, scrolled so that the room shown stays visible. */
export function RoomList(
  { rooms, currentRoomId, online = new Set(), width, height }: RoomListProps,
) {
  const lines: Line[] = [];
  const direct = rooms.filter((e) => e.room.kind === "direct");
  const others = rooms.filter((e) => e.room.kind !== "direct");
  if (others.length > 0) lines.push({ type: "heading", text: "Rooms" }, ...others.map(roomLine));
  if (direct.length > 0) lines.push({ type: "heading", text: "Direct" }, ...direct.map(roomLine));
  const current = lines.findIndex((l) => l.type === "room" && l.entry.room.id === currentRoomId);
  const start = Math.max(0, Math.min(current - height + 1, lines.length - height));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.slice(start, start + height).map((line) =>
        line.type === "heading"
          ? <Text key={line.text} dimColor bold>{truncate(line.text, width)}</Text>
          : (
            <RoomLine
              key={line.entry.room.id}
              entry={line.entry}
              current={line.entry.room.id === currentRoomId}
              online={line.entry.peer !== null && online.has(line.entry.peer.id)}
              width={width}
            />
          )
      )}
    </Box>
  );
}

function roomLine(entry: RoomEntry): Line {
  return { type: "room", entry };
}

interface RoomLineProps {
  entry: RoomEntry;
  current: boolean;
  /** A direct room whose other user is online. */
  online: boolean;
  width: number;
}

/**
 * ` #general    @3`: label truncated to leave room for the badge (`badgeOf`: unread mentions,
 * else unread messages); a muted room is dimmed and has none.
 */
function RoomLine({ entry, current, online, width }: RoomLineProps) {
  const shown = badgeOf({
    notification_level: entry.notificationLevel,
    unread_count: entry.unread,
    mention_count: entry.mentionCount,
  });
  const mention = shown?.mention ?? false;
  const count = !shown ? "" : shown.count > 99 ? "99+" : String(shown.count);
  const badge = `${mention ? "@" : ""}${count}`;
  const muted = entry.notificationLevel === "none";
  const labelWidth = Math.max(1, width - 1 - (badge ? badge.length + 1 : 0));
  const label = pad(truncate(roomLabel(entry), labelWidth), labelWidth);
  const unread = badge !== "";
  return (
    <Text inverse={current} bold={unread && !current} dimColor={muted} wrap="truncate">
      {online ? <Text color="green">•</Text> : " "}
      {label}
      {badge && <Text color={mention ? "yellow" : "cyan"}>{` ${badge}`}</Text>}
    </Text>
  );
}
