/**
 * Keyset cursors of search hits and mentions: the id of the last item of a page, with the listing
 * it belongs to, base64url-encoded JSON. The store continues after that item's position, so pages
 * never repeat or skip an item however many arrive meanwhile.
 *
 * @module
 */
import { z } from "zod";
import { ChatError } from "../../shared/mod.ts";

/** Which listing a cursor continues: a search by sort, or the mentions list. */
export type CursorKind = "newest" | "relevance" | "mentions";

const Payload = z.object({ k: z.enum(["newest", "relevance", "mentions"]), id: z.uuid() });

/**
 * The cursor continuing after item `id` of listing `kind`.
 *
 * @example Round trip
 * ```ts
 * import { decodeCursor, encodeCursor } from "./cursor.ts";
 * const id = "0b7e4b5e-3f1c-4d55-9a36-2a8d0ad3c6a1";
 * console.log(decodeCursor(encodeCursor("mentions", id), "mentions") === id); // true
 * ```
 */
export function encodeCursor(kind: CursorKind, id: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ k: kind, id }));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * The item id of a cursor made by {@linkcode encodeCursor} for `kind`.
 *
 * @throws {ChatError} `invalid_request` when it is not such a cursor (or one of another listing)
 */
export function decodeCursor(cursor: string, kind: CursorKind): string {
  let payload;
  try {
    const text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    payload = Payload.parse(JSON.parse(text));
  } catch {
    throw new ChatError("invalid_request", "cursor: not a next_cursor of this listing");
  }
  if (payload.k !== kind) {
    throw new ChatError("invalid_request", "cursor: not a next_cursor of this listing");
  }
  return payload.id;
}
