/**
 * The chat screen's layout: header on top, room list and messages side by side, notices, status
 * bar and input line at the bottom. Layout only: every piece of state comes in as props.
 *
 * @module
 */
import { Box } from "ink";
import type { UserRef } from "../../shared/mod.ts";
import { type ChatState, currentRoom, shownList, withOnline } from "../state/chat_state.ts";
import type { EditorState } from "../state/input_editor.ts";
import type { ResultsView as ResultsViewState } from "../state/results_view.ts";
import { orderedRooms, roomLabel } from "../state/room_order.ts";
import { sanitize } from "../state/text_width.ts";
import { Header } from "./header.tsx";
import { InputLine, inputRows } from "./input_line.tsx";
import { MessageList } from "./message_list.tsx";
import { NoticeBox, noticeRows } from "./notice_box.tsx";
import { ResultsView } from "./results_view.tsx";
import { RoomList } from "./room_list.tsx";
import { screenLayout } from "./screen_layout.ts";
import { StatusBar } from "./status_bar.tsx";

/** The other user of each of my direct rooms, by room id. */
function directPeers(state: ChatState): Map<string, UserRef> {
  const peers = new Map<string, UserRef>();
  for (const e of Object.values(state.rooms)) if (e.peer) peers.set(e.room.id, e.peer);
  return peers;
}

/** Props of {@linkcode ChatApp}. */
export interface ChatAppProps {
  state: ChatState;
  editor: EditorState;
  columns: number;
  rows: number;
  /** Epoch ms, for the reconnect countdown. */
  now: number;
  /** The results view of `/search` or `/mentions`, shown instead of the messages when open. */
  results?: ResultsViewState | null;
}

/** The whole screen, exactly `columns` × `rows`. */
export function ChatApp({ state, editor, columns, rows, now, results = null }: ChatAppProps) {
  const entry = currentRoom(state);
  const layout = screenLayout(
    columns,
    rows,
    noticeRows(state.notice, columns),
    inputRows(editor.chars),
  );
  const typing = entry ? Object.values(entry.typing).map((t) => t.username).sort() : [];
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Header
        entry={entry}
        thread={state.thread !== null}
        online={onlineWithMe(state)}
        width={columns}
      />
      <Box height={layout.messages.height}>
        {layout.roomListWidth > 0 && (
          <Box
            borderStyle="single"
            borderTop={false}
            borderBottom={false}
            borderLeft={false}
            borderDimColor
          >
            <RoomList
              rooms={orderedRooms(state)}
              currentRoomId={state.currentRoomId}
              online={state.online}
              width={layout.roomListWidth}
              height={layout.messages.height}
            />
          </Box>
        )}
        {results
          ? (
            <ResultsView
              view={results}
              peers={directPeers(state)}
              width={layout.messages.width}
              height={layout.messages.height}
            />
          )
          : (
            <MessageList
              entry={shownList(state)}
              me={state.me}
              selected={state.selected}
              width={layout.messages.width}
              height={layout.messages.height}
            />
          )}
      </Box>
      <NoticeBox notice={state.notice} width={columns} />
      <StatusBar
        status={state.status}
        username={state.me.username}
        typing={typing}
        scrolled={entry?.scroll != null}
        loadingOlder={entry?.older === "loading"}
        now={now}
        width={columns}
      />
      <InputLine
        prompt={promptOf(state)}
        chars={editor.chars}
        cursor={editor.cursor}
        width={columns}
      />
    </Box>
  );
}

/**
 * Who is online, me included while connected: the server tells others of my presence, not me,
 * and a member list loaded before my connection was up lists me offline.
 */
function onlineWithMe(state: ChatState): ReadonlySet<string> {
  return withOnline(state.online, state.me.id, state.status.state === "connected");
}

/** The input's prompt: the room, or what Enter will do with the line. */
function promptOf(state: ChatState): string {
  const entry = currentRoom(state);
  const compose = state.compose;
  if (compose?.type === "edit") return "edit";
  if (compose?.type === "reply") return `reply to ${sanitize(compose.message.sender.username)}`;
  if (compose?.type === "react") return "react :";
  if (!entry) return "no room";
  return state.thread ? `${roomLabel(entry)} thread` : roomLabel(entry);
}
