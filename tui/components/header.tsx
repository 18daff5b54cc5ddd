/**
 * The header line: the room shown, its topic, how many members it has and how many are online.
 *
 * @module
 */
import { Box, Text } from "ink";
import type { RoomEntry } from "../state/chat_state.ts";
import { roomLabel } from "../state/room_order.ts";
import { sanitize, textWidth, truncate } from "../state/text_width.ts";

/** Props of {@linkcode Header}. */
export interface HeaderProps {
  entry: RoomEntry | undefined;
  /** A thread of the room is shown (Esc returns to the room). */
  thread?: boolean;
  /** Ids of the users online. */
  online: ReadonlySet<string>;
  width: number;
}

/** ` #general — Lunch at noon                3 members, 2 online `, on a coloured bar. */
export function Header({ entry, thread = false, online, width }: HeaderProps) {
  const members = entry?.members;
  const here = members?.filter((m) => online.has(m.id)).length ?? 0;
  const count = members
    ? `${members.length} member${members.length === 1 ? "" : "s"}, ${here} online `
    : "";
  const title = entry
    ? ` ${roomLabel(entry)}${entry.room.kind === "direct" ? " (direct)" : ""}`
    : " chat-tui";
  const topic = thread
    ? " › thread (Esc returns)"
    : entry?.room.topic
    ? ` — ${sanitize(entry.room.topic)}`
    : "";
  const left = truncate(title + topic, Math.max(1, width - textWidth(count) - 1));
  const gap = " ".repeat(Math.max(1, width - textWidth(left) - textWidth(count)));
  return (
    <Box width={width} height={1}>
      <Text backgroundColor="blue" color="white" wrap="truncate">
        <Text bold>{left}</Text>
        {gap}
        {count}
      </Text>
    </Box>
  );
}
