/**
 * Sends my pending messages again: all of them after a reconnect, and rate-limited ones when
 * their retry time comes. The server stores a message once per `client_msg_id`, so a message
 * whose ack was lost is acknowledged again, not duplicated.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";
import type { ChatState, PendingMessage } from "../state/chat_state.ts";
import type { Dispatch } from "./chat_effects.ts";
import { useLatest } from "./use_latest.ts";

function unsent(state: ChatState): PendingMessage[] {
  return Object.values(state.rooms).flatMap((e) => e.pending.filter((p) => p.error === null));
}

function resend(socket: ChatSocket, messages: readonly PendingMessage[]): void {
  for (const { room_id, client_msg_id, text, kind } of messages) {
    socket.send({ type: "send", room_id, client_msg_id, text, kind });
  }
}

/**
 * Re-sends every pending message that the server has not refused on each transition to
 * connected, and each rate-limited one once its `retryAt` has passed.
 *
 * @param socket the live connection
 * @param state the chat state
 * @param dispatch the chat reducer's dispatch, told which messages went out again
 */
export function useOutbox(socket: ChatSocket, state: ChatState, dispatch: Dispatch): void {
  const latest = useLatest(state);
  const connected = state.status.state === "connected";
  useEffect(() => {
    if (!connected) return;
    const messages = unsent(latest.current);
    resend(socket, messages);
    const retried = messages.filter((p) => p.retryAt !== undefined);
    if (retried.length > 0) {
      dispatch({ type: "pending_resent", client_msg_ids: retried.map((p) => p.client_msg_id) });
    }
  }, [socket, latest, dispatch, connected]);

  const retryTimes = unsent(state).flatMap((p) => p.retryAt === undefined ? [] : [p.retryAt]);
  const nextRetry = retryTimes.length > 0 ? Math.min(...retryTimes) : undefined;
  useEffect(() => {
    if (nextRetry === undefined || !connected) return;
    const timer = setTimeout(() => {
      const due = unsent(latest.current).filter((p) => (p.retryAt ?? Infinity) <= Date.now());
      resend(socket, due);
      dispatch({ type: "pending_resent", client_msg_ids: due.map((p) => p.client_msg_id) });
    }, Math.max(0, nextRetry - Date.now()));
    return () => clearTimeout(timer);
  }, [socket, latest, dispatch, connected, nextRetry]);
}
