/**
 * Rings the terminal bell and shows a desktop notification (see `terminal_notifier.ts`) for the
 * messages `notify_rule.ts` picks. At most one notification per second: a burst (a resume
 * replay, a busy room) rings once.
 *
 * @module
 */
import { useEffect } from "react";
import type { ChatSocket } from "../client/chat_socket.ts";
import {
  type DesktopSequence,
  notificationBytes,
  type NotifyChannels,
} from "../client/terminal_notifier.ts";
import type { ChatState } from "../state/chat_state.ts";
import { notificationFor, postedMessage } from "../state/notify_rule.ts";
import { useLatest } from "./use_latest.ts";

/** Shortest time between two notifications, in ms. */
const MIN_INTERVAL_MS = 1_000;

/** What {@linkcode useNotifier} needs. */
export interface NotifierOptions {
  channels: NotifyChannels;
  sequence: DesktopSequence;
  /** Writes the bytes to the terminal. */
  write: (bytes: string) => void;
  /** Epoch ms; a parameter for tests. */
  now?: () => number;
}

/**
 * Watches the socket's frames for notifying messages while mounted.
 *
 * @param socket the live connection
 * @param state the chat state, to know the rooms, their levels and the room shown
 * @param options channels, sequence and where to write
 */
export function useNotifier(socket: ChatSocket, state: ChatState, options: NotifierOptions): void {
  const latest = useLatest({ state, options });
  useEffect(() => {
    let last = -Infinity;
    return socket.subscribe((event) => {
      if (event.type !== "frame") return;
      const message = postedMessage(event.frame);
      const { state, options } = latest.current;
      if (!message || (!options.channels.bell && !options.channels.desktop)) return;
      const notification = notificationFor(state, message);
      const now = (options.now ?? Date.now)();
      if (!notification || now - last < MIN_INTERVAL_MS) return;
      last = now;
      options.write(
        notificationBytes(
          options.channels,
          options.sequence,
          notification.title,
          notification.body,
        ),
      );
    });
  }, [socket, latest]);
}
