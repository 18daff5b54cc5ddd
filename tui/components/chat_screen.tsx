/**
 * The full-screen chat: the one entry point the CLI (`chat-tui join`, `dm`, bare `chat-tui`)
 * opens. {@linkcode ChatScreen} wires the socket, the HTTP client and the keyboard to the
 * reducer through hooks; {@linkcode ChatApp} draws the state.
 *
 * @module
 */
import process from "node:process";
import { render, useApp, useWindowSize } from "ink";
import { useCallback, useEffect, useReducer } from "react";
import type { UserRef } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import type { ChatSocket } from "../client/chat_socket.ts";
import type { Outbox } from "../client/outbox.ts";
import { desktopSequenceFor, type NotifyChannels } from "../client/terminal_notifier.ts";
import { useActionQueue } from "../hooks/use_action_queue.ts";
import { useChatSocket } from "../hooks/use_chat_socket.ts";
import { useClock } from "../hooks/use_clock.ts";
import { useHistoryLoader } from "../hooks/use_history_loader.ts";
import { useInputEditor } from "../hooks/use_input_editor.ts";
import { useJoinOnStart } from "../hooks/use_join_on_start.ts";
import { useKeyBindings } from "../hooks/use_key_bindings.ts";
import { useMembersLoader } from "../hooks/use_members_loader.ts";
import { useOutbox } from "../hooks/use_outbox.ts";
import { usePublicRooms } from "../hooks/use_public_rooms.ts";
import { useNotifier } from "../hooks/use_notifier.ts";
import { useReadMarker } from "../hooks/use_read_marker.ts";
import { useResultsView } from "../hooks/use_results_view.ts";
import { useResume } from "../hooks/use_resume.ts";
import { useRoomChange } from "../hooks/use_room_change.ts";
import { useRoomList } from "../hooks/use_room_list.ts";
import { useSubmit } from "../hooks/use_submit.ts";
import { useThreadLoader } from "../hooks/use_thread_loader.ts";
import { useTypingExpiry } from "../hooks/use_typing_expiry.ts";
import { useTypingNotifier } from "../hooks/use_typing_notifier.ts";
import { chatReducer } from "../state/chat_reducer.ts";
import { currentRoom, initialChatState } from "../state/chat_state.ts";
import { editorText } from "../state/input_editor.ts";
import { ChatApp } from "./chat_app.tsx";
import { inputRows } from "./input_line.tsx";
import { noticeRows } from "./notice_box.tsx";
import { screenLayout } from "./screen_layout.ts";

/** What {@linkcode runChatScreen} needs. */
export interface ChatScreenOptions {
  /** Authenticated HTTP client: rooms, history, members and the slash commands' calls. */
  api: ApiClient;
  /** The live connection; the screen subscribes to it but does not close it. */
  socket: ChatSocket;
  /** Saves and sends what I type; the screen does not close it. */
  outbox: Outbox;
  /** The logged-in user. */
  me: UserRef;
  /** Room to show first (id or name); default: the first room in the list. */
  initialRoomId?: string;
  /**
   * Join this room (name or id) once the room list is in, unless it is already mine: `chat-tui
   * join` draws the screen first and does this network work after.
   */
  joinRoom?: string;
  /** Called with the room id whenever the shown room changes, e.g. to remember the last room. */
  onRoomChange?: (roomId: string) => void;
  /**
   * How to notify of mentions and messages in other rooms (bell, desktop notification); default
   * neither. `runChatScreen` callers pass the `--notify` choice.
   */
  notify?: NotifyChannels;
}

const NO_NOTIFY: NotifyChannels = { bell: false, desktop: false };
const DESKTOP_SEQUENCE = desktopSequenceFor(Deno.env.toObject());
const encoder = new TextEncoder();

/** Notifications go straight to the terminal, beside Ink's output (they print nothing). */
function writeToTerminal(bytes: string): void {
  Deno.stdout.writeSync(encoder.encode(bytes));
}

/** Props of {@linkcode ChatScreen}: the options plus the terminal size (for tests). */
export interface ChatScreenProps extends ChatScreenOptions {
  columns: number;
  rows: number;
  /** Leaves the screen. */
  onQuit: () => void;
}

/** The chat screen at a given size; state in a reducer, effects in hooks, drawing in ChatApp. */
export function ChatScreen(props: ChatScreenProps) {
  const { api, socket, outbox, me, columns, rows, onQuit } = props;
  const [state, dispatch] = useReducer(
    chatReducer,
    undefined,
    () => initialChatState(me, socket.status),
  );
  const editor = useInputEditor();
  const entry = currentRoom(state);

  useChatSocket(socket, dispatch);
  useRoomList(api, state, dispatch, props.initialRoomId);
  useHistoryLoader(api, entry, dispatch);
  useMembersLoader(api, entry, dispatch);
  useThreadLoader(api, state.thread, dispatch);
  useResume(socket, api, state, dispatch);
  useOutbox(outbox, state.roomsLoaded, dispatch);
  useReadMarker(socket, state, dispatch);
  useTypingExpiry(state, dispatch);
  usePublicRooms(api, editorText(editor.state), dispatch);
  useRoomChange(state.currentRoomId, props.onRoomChange);
  const now = useClock(state.status.state === "reconnecting");
  const onTyping = useTypingNotifier(socket, state.currentRoomId);
  const quit = useCallback(() => dispatch({ type: "quit_requested", at: Date.now() }), []);
  useEffect(() => {
    if (state.quitting) onQuit();
  }, [state.quitting, onQuit]);
  const results = useResultsView(api, state, dispatch, editor);
  useNotifier(socket, state, {
    channels: props.notify ?? NO_NOTIFY,
    sequence: DESKTOP_SEQUENCE,
    write: writeToTerminal,
  });
  const actions = useActionQueue(socket);
  const submit = useSubmit({
    api,
    outbox,
    actions,
    state,
    dispatch,
    quit,
    openResults: results.open,
  });
  useJoinOnStart(props.joinRoom, state.roomsLoaded, submit);
  const notice = noticeRows(state.notice, columns);
  const viewport = screenLayout(columns, rows, notice, inputRows(editor.state.chars)).messages;
  useKeyBindings({
    state,
    dispatch,
    actions,
    editor,
    viewport,
    submit,
    onTyping,
    quit,
    overlay: results.key,
  });

  return (
    <ChatApp
      state={state}
      editor={editor.state}
      columns={columns}
      rows={rows}
      now={now}
      results={results.view}
    />
  );
}

/** {@linkcode ChatScreen} sized to the terminal, re-laid out on every resize. */
function FullScreen(options: ChatScreenOptions) {
  const { columns, rows } = useWindowSize();
  const { exit } = useApp();
  const onQuit = useCallback(() => exit(), [exit]);
  return <ChatScreen {...options} columns={columns} rows={rows} onQuit={onQuit} />;
}

/**
 * Runs the chat screen until the user quits (Ctrl+C or /quit). It draws on the terminal's
 * alternate screen, like vim or WeeChat, so that leaving it restores what was there before.
 *
 * @param options the client, socket and user to chat with
 * @returns once the screen is unmounted and the terminal restored (cursor shown, raw mode off)
 */
export async function runChatScreen(options: ChatScreenOptions): Promise<void> {
  const instance = render(<FullScreen {...options} />, {
    alternateScreen: true,
    // Ink turns itself non-interactive when CI is set; a terminal is a terminal.
    interactive: Boolean(process.stdout.isTTY),
    exitOnCtrlC: false,
    patchConsole: true,
  });
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
  }
}
