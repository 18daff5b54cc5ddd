/**
 * The full-screen chat: the one entry point the CLI (`chat-tui join`, `dm`, bare `chat-tui`)
 * opens. It renders with Ink on the alternate screen and resolves once the user quits.
 *
 * @module
 */
import type { User } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import type { ChatSocket } from "../client/chat_socket.ts";

/** What {@linkcode runChatScreen} needs. */
export interface ChatScreenOptions {
  /** Authenticated HTTP client: rooms, history, members and the slash commands' calls. */
  api: ApiClient;
  /** The live connection; the screen subscribes to it but does not close it. */
  socket: ChatSocket;
  /** The logged-in user. */
  me: User;
  /** Room to show first (id or name); default: the first room in the list. */
  initialRoomId?: string;
  /** Called with the room id whenever the shown room changes, e.g. to remember the last room. */
  onRoomChange?: (roomId: string) => void;
}

/**
 * Runs the chat screen until the user quits (Ctrl+C or /quit).
 *
 * @param options the client, socket and user to chat with
 * @returns once the screen is unmounted and the terminal restored
 */
export function runChatScreen(_options: ChatScreenOptions): Promise<void> {
  return Promise.reject(new Error("Chat screen not implemented yet"));
}
