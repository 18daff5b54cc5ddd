/**
 * The screen's {@linkcode ActionQueue}: one per socket, closed when the screen goes.
 *
 * @module
 */
import { useEffect, useMemo } from "react";
import { ActionQueue } from "../client/action_queue.ts";
import type { ChatSocket } from "../client/chat_socket.ts";

/**
 * Creates the queue for my edits, deletes and reactions on this socket.
 *
 * @param socket the live connection
 * @returns the queue, the same for as long as the socket is
 */
export function useActionQueue(socket: ChatSocket): ActionQueue {
  const queue = useMemo(() => new ActionQueue({ socket }), [socket]);
  useEffect(() => () => queue.close(), [queue]);
  return queue;
}
