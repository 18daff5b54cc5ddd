/**
 * Virtualised message list geometry: which rows are on screen for a scroll position, and where a
 * scroll by some rows lands. Only the messages around the viewport are laid out, so the cost
 * depends on the viewport's height, not on how many messages are loaded.
 *
 * @module
 */
import type { RoomEntry, ScrollPosition } from "./chat_state.ts";
import { type LayoutContext, listedCount, type MessageRow, messageRows } from "./message_layout.ts";
import { indexOfSeq } from "./room_messages.ts";

/** The message list's size in cells. */
export interface Viewport {
  width: number;
  height: number;
}

/** The rows to show and whether the first held message is on screen. */
export interface VisibleRows {
  rows: MessageRow[];
  /** The top of the viewport shows the first message held (or the list is not full). */
  atTop: boolean;
}

/** Resolves a scroll position to a listed index; null or a lost anchor mean the newest. */
function anchorOf(
  entry: RoomEntry,
  scroll: ScrollPosition | null,
): { index: number; skip: number } {
  const newest = { index: listedCount(entry) - 1, skip: 0 };
  if (scroll === null) return newest;
  const index = indexOfSeq(entry.messages, scroll.seq);
  return index < 0 ? newest : { index, skip: scroll.skip };
}

/**
 * The rows visible in a viewport of `height` rows, bottom-aligned at the room's scroll position.
 *
 * @param entry the room
 * @param ctx list width and the user whose messages are pending
 * @param height rows available
 * @returns at most `height` rows, top to bottom
 */
export function visibleRows(entry: RoomEntry, ctx: LayoutContext, height: number): VisibleRows {
  let { index, skip } = anchorOf(entry, entry.scroll);
  const blocks: MessageRow[][] = [];
  let filled = 0;
  while (index >= 0 && filled < height) {
    const rows = messageRows(entry, index, ctx);
    const shown = skip > 0 ? rows.slice(0, Math.max(0, rows.length - skip)) : rows;
    skip = 0;
    blocks.push(shown);
    filled += shown.length;
    index--;
  }
  const rows = blocks.reverse().flat();
  return {
    rows: rows.slice(Math.max(0, rows.length - height)),
    atTop: index < 0 && filled <= height,
  };
}

/**
 * Where the list lands after scrolling `delta` rows (positive: towards older messages). Scrolling
 * down past the newest message returns to following it (null); scrolling up stops with the first
 * held message at the top.
 *
 * @param entry the room
 * @param ctx list width and the user whose messages are pending
 * @param viewport the list's size
 * @param delta rows to move
 * @returns the new position and whether it reached the first held message
 */
export function scrollBy(
  entry: RoomEntry,
  ctx: LayoutContext,
  viewport: Viewport,
  delta: number,
): { scroll: ScrollPosition | null; atTop: boolean } {
  const count = listedCount(entry);
  if (count === 0) return { scroll: null, atTop: true };
  const height = (i: number) => messageRows(entry, i, ctx).length;
  let { index, skip } = anchorOf(entry, entry.scroll);
  skip += delta;
  while (skip < 0) {
    if (index + 1 >= count) return { scroll: null, atTop: false };
    index++;
    skip += height(index);
  }
  while (index >= 0 && skip >= height(index)) {
    skip -= height(index);
    index--;
  }
  if (index < 0 || rowsAbove(index, skip, height, viewport.height) < viewport.height) {
    return topPosition(entry, count, height, viewport.height);
  }
  return toScroll(entry, index, skip);
}

/** Rows from the top of the list down to the bottom of the viewport, counting at most `limit`. */
function rowsAbove(index: number, skip: number, height: (i: number) => number, limit: number) {
  let total = height(index) - skip;
  for (let i = index - 1; i >= 0 && total < limit; i--) total += height(i);
  return total;
}

/** The position that shows the first held message on the top row. */
function topPosition(
  entry: RoomEntry,
  count: number,
  height: (i: number) => number,
  viewportHeight: number,
): { scroll: ScrollPosition | null; atTop: boolean } {
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += height(i);
    if (total >= viewportHeight) {
      return { ...toScroll(entry, i, total - viewportHeight), atTop: true };
    }
  }
  return { scroll: null, atTop: true };
}

/** A position for a listed index; positions among pending messages follow the newest instead. */
function toScroll(entry: RoomEntry, index: number, skip: number) {
  const message = entry.messages[index];
  const newest = index === listedCount(entry) - 1 && skip === 0;
  return { scroll: !message || newest ? null : { seq: message.seq, skip }, atTop: false };
}
