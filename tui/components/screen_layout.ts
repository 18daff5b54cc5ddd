/**
 * The chat screen's geometry for a terminal size: the room list's width and the message list's
 * size. Shared by the layout component and the key bindings (PgUp/PgDn scroll by a page of the
 * message list).
 *
 * @module
 */
import type { Viewport } from "../state/viewport.ts";

/** Rows taken by the header and status bar. */
const CHROME_ROWS = 2;

/**
 * Narrower terminals show no room list (Ctrl+N/P and Alt+A still switch rooms), so that the
 * messages keep enough width to wrap rather than be cut.
 */
export const MIN_COLUMNS_WITH_ROOM_LIST = 60;

/** Where things go on the screen. */
export interface ScreenLayout {
  /** 0 when the room list is hidden. */
  roomListWidth: number;
  /** The message list's size. */
  messages: Viewport;
}

/**
 * Lays out a `columns` × `rows` terminal with `noticeRows` rows of notice under the messages and
 * an input of `inputRows` rows (more than one for a multi-line message).
 *
 * @example At the smallest supported size
 * ```ts
 * import { screenLayout } from "./screen_layout.ts";
 * screenLayout(80, 24, 0); // { roomListWidth: 16, messages: { width: 63, height: 21 } }
 * ```
 */
export function screenLayout(
  columns: number,
  rows: number,
  noticeRows: number,
  inputRows = 1,
): ScreenLayout {
  const roomListWidth = columns < MIN_COLUMNS_WITH_ROOM_LIST
    ? 0
    : Math.min(24, Math.max(12, Math.floor(columns / 5)));
  return {
    roomListWidth,
    // One column for the room list's border.
    messages: {
      width: Math.max(1, columns - (roomListWidth > 0 ? roomListWidth + 1 : 0)),
      height: Math.max(1, rows - CHROME_ROWS - inputRows - noticeRows),
    },
  };
}
