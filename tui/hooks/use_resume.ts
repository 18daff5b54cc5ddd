/**
 * The screen's one recovery path: every connect resumes each room from its stream position
 * (`hello.resume`), and the server replays what was missed. After a reconnect the room list is
 * loaded again too: a room I was added to while away is in no resumed stream.
 *
 * @module
 */
import { useEffect, useRef } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";
import { type ChatState, resumePoints } from "../state/chat_state.ts";
import { type ChatApi, type Dispatch, loadRooms } from "./chat_effects.ts";
import { useLatest } from "./use_latest.ts";

/**
 * Gives the socket the screen's resume points and reloads the room list after each reconnect.
 *
 * @param socket the live connection
 * @param api the HTTP client
 * @param state the chat state
 * @param dispatch the chat reducer's dispatch
 */
export function useResume(
  socket: ChatSocket,
  api: ChatApi,
  state: ChatState,
  dispatch: Dispatch,
): void {
  const latest = useLatest(state);
  useEffect(() => {
    socket.resumeFrom(() => resumePoints(latest.current));
    return () => socket.resumeFrom(null);
  }, [socket, latest]);
  const connected = state.status.state === "connected";
  // The first connect needs no reload: the list is loaded when the screen opens.
  const wasConnected = useRef(false);
  useEffect(() => {
    if (!connected) return;
    if (wasConnected.current) void loadRooms(api, dispatch);
    wasConnected.current = true;
  }, [api, dispatch, connected]);
}
