/**
 * The status line: connection state (with a live reconnect countdown), my username, who is
 * typing, and whether the list is scrolled away from the newest message.
 *
 * @module
 */
import { Box, Text } from "ink";
import type { ConnectionStatus } from "../client/chat_socket.ts";
import { sanitize, textWidth, truncate } from "../state/text_width.ts";

/** Props of {@linkcode StatusBar}. */
export interface StatusBarProps {
  status: ConnectionStatus;
  username: string;
  /** Names of the users typing in the room shown. */
  typing: readonly string[];
  /** The message list is scrolled up (newer messages are below). */
  scrolled: boolean;
  loadingOlder: boolean;
  /** Epoch ms, for the countdown. */
  now: number;
  width: number;
}

/** `[connected] alice · bob is typing…                     -MORE-` */
export function StatusBar(
  { status, username, typing, scrolled, loadingOlder, now, width }: StatusBarProps,
) {
  const { text, color } = describeStatus(status, now);
  const who = typingText(typing);
  const right = loadingOlder ? "loading history… " : scrolled ? "-MORE- Esc " : "";
  const left = truncate(
    ` ${sanitize(username)}${who ? ` · ${who}` : ""}`,
    Math.max(1, width - text.length - 2 - textWidth(right)),
  );
  const gap = " ".repeat(Math.max(0, width - text.length - 2 - textWidth(left) - textWidth(right)));
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" inverse>
        <Text color={color}>[{text}]</Text>
        {left}
        {gap}
        <Text bold>{right}</Text>
      </Text>
    </Box>
  );
}

/** `connected`, `reconnecting in 3s`, `offline: <reason>`. */
export function describeStatus(
  status: ConnectionStatus,
  now: number,
): { text: string; color: string } {
  switch (status.state) {
    case "connected":
      return { text: "connected", color: "green" };
    case "connecting":
      return { text: "connecting…", color: "yellow" };
    case "reconnecting": {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      return {
        text: seconds > 0 ? `reconnecting in ${seconds}s` : "reconnecting…",
        color: "yellow",
      };
    }
    case "offline":
      return { text: `offline: ${status.reason}`, color: "red" };
  }
}

/** `bob is typing…`, `bob and carol are typing…`, `4 people are typing…` */
export function typingText(names: readonly string[]): string {
  const clean = names.map((n) => sanitize(n));
  if (clean.length === 0) return "";
  if (clean.length === 1) return `${clean[0]} is typing…`;
  if (clean.length === 2) return `${clean[0]} and ${clean[1]} are typing…`;
  return `${clean.length} people are typing…`;
}
