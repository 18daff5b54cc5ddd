/**
 * The chat screen's geometry for a terminal size: the room list's width and the message list's
 * size. Shared by the layout component and the key bindings (PgUp/PgDn scroll by a page of the
 * message list).
 *
 * @module
 */
import type { Viewport } from "../state/viewport.ts";

/** Rows taken by the header, status bar and input line. */
const CHROME_ROWS = 3;

/** Where things go on the screen. */
export interface ScreenLayout {
  roomListWidth: number;
  /** The message list's size. */
  messages: Viewport;
}

/**
 * Lays out a `columns` × `rows` terminal with `noticeRows` rows of notice under the messages.
 *
 * @example At the smallest supported size
 * ```ts
 * import { screenLayout } from "./screen_layout.ts";
 * screenLayout(80, 24, 0); // { roomListWidth: 16, messages: { width: 63, height: 21 } }
 * ```
 */
export function screenLayout(columns: number, rows: number, noticeRows: number): ScreenLayout {
  const roomListWidth = Math.min(24, Math.max(12, Math.floor(columns / 5)));
  return {
    roomListWidth,
    // One column for the room list's border.
    messages: {
      width: Math.max(20, columns - roomListWidth - 1),
      height: Math.max(1, rows - CHROME_ROWS - noticeRows),
    },
  };
}
