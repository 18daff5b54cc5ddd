/**
 * The results view of `/search`, Ctrl+F and `/mentions`, drawn where the messages are: a title,
 * then one line per message (room, sender, time, snippet with the matched words highlighted), the
 * selected one inverted. Everything from the server is untrusted text and is sanitized.
 *
 * @module
 */
import { Box, Text } from "ink";
import type { RoomRef, UserRef } from "../../shared/mod.ts";
import type { ResultRow, ResultsView as View } from "../state/results_view.ts";
import { pad, sanitize, textWidth, truncate } from "../state/text_width.ts";

/** Props of {@linkcode ResultsView}. */
export interface ResultsViewProps {
  view: View;
  /** Peers of my direct rooms by room id, to name them (direct rooms have no name). */
  peers: ReadonlyMap<string, UserRef>;
  width: number;
  height: number;
}

/** `#name`, `@peer`, or `(direct)` for a direct room whose peer is unknown. */
export function resultRoomLabel(room: RoomRef, peers: ReadonlyMap<string, UserRef>): string {
  if (room.name !== null) return `#${room.name}`;
  const peer = peers.get(room.id);
  return peer ? `@${peer.username}` : "(direct)";
}

/** `HH:MM` today, else `MM-DD HH:MM`, local time. */
function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`;
  return at.toDateString() === now.toDateString()
    ? time
    : `${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

function title(view: View): string {
  const what = view.kind === "search" ? `Search "${sanitize(view.query)}"` : "Mentions of me";
  const count = view.status === "loading"
    ? "searching…"
    : view.status === "failed"
    ? `failed: ${sanitize(view.error ?? "")}`
    : `${view.rows.length} ${view.rows.length === 1 ? "result" : "results"}`;
  return `${what}: ${count}  ·  ↑↓ select  Enter open  Esc back`;
}

/** The list, scrolled so that the selected row stays visible. */
export function ResultsView({ view, peers, width, height }: ResultsViewProps) {
  const visible = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(view.selected - visible + 1, view.rows.length - visible));
  const rows = view.rows.slice(start, start + visible);
  const labels = rows.map((r) => sanitize(resultRoomLabel(r.room, peers)));
  const labelWidth = Math.min(20, Math.max(0, ...labels.map(textWidth)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">{truncate(title(view), width)}</Text>
      {view.status === "loaded" && view.rows.length === 0 && (
        <Text dimColor>
          No messages found
        </Text>
      )}
      {rows.map((row, i) => (
        <ResultLine
          key={row.messageId}
          row={row}
          label={pad(truncate(labels[i]!, labelWidth), labelWidth)}
          selected={start + i === view.selected}
          width={width}
        />
      ))}
    </Box>
  );
}

interface ResultLineProps {
  row: ResultRow;
  label: string;
  selected: boolean;
  width: number;
}

/** `#ops  alice  09:41  the **deploy** failed`, cut to one line. */
function ResultLine({ row, label, selected, width }: ResultLineProps) {
  const head = `${row.unread ? "*" : " "}${label}  ${sanitize(row.sender.username)}  ` +
    `${shortTime(row.createdAt)}  `;
  let room = Math.max(0, width - textWidth(head));
  const parts: { text: string; match: boolean }[] = [];
  for (const part of row.snippet) {
    if (room <= 0) break;
    const text = truncate(sanitize(part.text), room);
    parts.push({ text, match: part.match });
    room -= textWidth(text);
  }
  return (
    <Text inverse={selected} wrap="truncate">
      <Text dimColor={!selected}>{head}</Text>
      {parts.map((p, i) =>
        p.match ? <Text key={i} bold color="yellow">{p.text}</Text> : <Text key={i}>{p.text}</Text>
      )}
    </Text>
  );
}
