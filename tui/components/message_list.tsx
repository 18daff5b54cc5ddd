/**
 * The messages of the room shown, virtualised: only the rows inside the viewport are laid out and
 * rendered, so a room with 10,000 loaded messages renders as fast as one with ten.
 *
 * @module
 */
import { Box, Text } from "ink";
import type { UserRef } from "../../shared/mod.ts";
import { isPending, type ListedMessage, type RoomEntry } from "../state/chat_state.ts";
import { mentionsUser } from "../state/mentions.ts";
import {
  clockTime,
  type MessageColumns,
  messageColumns,
  type MessageRow,
  nickOf,
} from "../state/message_layout.ts";
import { pad, sanitize, truncate } from "../state/text_width.ts";
import { visibleRows } from "../state/viewport.ts";
import { userColor } from "./user_color.ts";

/** Props of {@linkcode MessageList}. */
export interface MessageListProps {
  entry: RoomEntry | undefined;
  me: UserRef;
  /** The id of the message selected (selection mode), shown in reverse video. */
  selected?: string | null;
  width: number;
  height: number;
}

/** The visible rows of the room's messages at its scroll position. */
export function MessageList({ entry, me, width, height, selected = null }: MessageListProps) {
  const placeholder = placeholderOf(entry);
  if (!entry || placeholder) {
    return (
      <Box width={width} height={height} justifyContent="center" alignItems="center">
        <Text dimColor>{placeholder ?? "No room yet: /join <room> or /create <name>"}</Text>
      </Box>
    );
  }
  const { rows } = visibleRows(entry, { width, me }, height);
  const columns = messageColumns(width);
  return (
    <Box flexDirection="column" width={width} height={height} justifyContent="flex-end">
      {rows.map((row) => (
        <Row key={row.key} row={row} me={me} columns={columns} selectedId={selected} />
      ))}
    </Box>
  );
}

function placeholderOf(entry: RoomEntry | undefined): string | null {
  if (!entry || entry.messages.length + entry.pending.length > 0) return null;
  return entry.history === "loaded" ? "No messages yet. Say hello!" : "Loading messages…";
}

/** Between the nick and the text, as wide as the layout's gutter column. */
const GUTTER = " │ ";
/** The gutter of the selected message's first row: marked in any terminal, colours or not. */
const SELECTED_GUTTER = " > ";

interface RowProps {
  row: MessageRow;
  me: UserRef;
  columns: MessageColumns;
  selectedId: string | null;
}

/** Colours of the rows around a message's text. */
const META_COLORS = { quote: undefined, reactions: "yellow", thread: "cyan" } as const;

/**
 * One row: a day separator, or `HH:MM nick │ text` (continuation rows leave time and nick blank;
 * narrow lists leave the time out).
 */
function Row({ row, me, columns, selectedId }: RowProps) {
  const nickWidth = columns.nick;
  if (row.type === "day") return <Text dimColor wrap="truncate">{row.label}</Text>;
  const selected = !isPending(row.message) && row.message.id === selectedId;
  if (row.type !== "text") {
    return (
      <Text wrap="truncate">
        {" ".repeat(columns.time + nickWidth)}
        <Text dimColor>{GUTTER}</Text>
        <Text inverse={selected} dimColor={row.type === "quote"} color={META_COLORS[row.type]}>
          {row.text}
        </Text>
      </Text>
    );
  }
  const { message, first, text } = row;
  const nick = nickOf(message, me);
  const time = first ? clockTime(message.created_at) : "";
  const nickCell = first ? truncate(sanitize(nick), nickWidth) : "";
  return (
    <Text wrap="truncate">
      {columns.time > 0 && <Text dimColor>{`${pad(time, columns.time - 1)} `}</Text>}
      <Text color={nick === "*" ? "white" : userColor(nick)} bold>
        {pad(nickCell, nickWidth, true)}
      </Text>
      {selected && first
        ? <Text color="cyan" bold>{SELECTED_GUTTER}</Text>
        : <Text dimColor>{GUTTER}</Text>}
      <Text inverse={selected}>
        <Body message={message} me={me} text={text} />
      </Text>
    </Text>
  );
}

interface BodyProps {
  message: ListedMessage;
  me: UserRef;
  text: string;
}

/** Text styled by what it is: pending (dim), refused (red), an action, a mention of me. */
function Body({ message, me, text }: BodyProps) {
  if (isPending(message)) {
    return message.error === null ? <Text dimColor>{text}</Text> : <Text color="red">{text}</Text>;
  }
  if (message.deleted) return <Text dimColor italic>{text}</Text>;
  const mention = message.sender.id !== me.id && mentionsUser(message.text, me.username);
  if (mention) return <Text color="yellow" bold>{text}</Text>;
  return message.kind === "action" ? <Text italic>{text}</Text> : <Text>{text}</Text>;
}
