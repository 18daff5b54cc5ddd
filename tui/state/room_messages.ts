/**
 * Keeping a room's messages ordered and free of repeats. The same message can reach the client
 * several times (a `message` frame, the `ack` of my own send, a history page that overlaps what is
 * held, the replay after a reconnect), so every path goes through {@linkcode mergeMessages}.
 *
 * @module
 */
import type { Message } from "../../shared/mod.ts";
import type { RoomEntry } from "./chat_state.ts";

/**
 * Merges messages into a list sorted by `seq`, keeping one message per `id` (the incoming copy
 * wins, so a server copy replaces the one built from an ack).
 *
 * @param held messages ascending by `seq`, unique by `id`
 * @param incoming messages in any order
 * @returns a new sorted list, or `held` itself when nothing changed
 */
export function mergeMessages(
  held: readonly Message[],
  incoming: readonly Message[],
): readonly Message[] {
  if (incoming.length === 0) return held;
  const last = held.at(-1);
  // The common case, a live message after everything held, needs no sort.
  if (incoming.length === 1 && (!last || incoming[0]!.seq > last.seq)) {
    return [...held, incoming[0]!];
  }
  const bySeq = new Map<number, Message>();
  for (const m of held) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  // seq is unique per room, so the map also deduplicates by id.
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Adds stored messages to a room: merged in order, and my pending copies of them dropped (matched
 * by `client_msg_id`).
 *
 * @param entry the room
 * @param messages messages of this room
 * @param myId my user id
 * @returns the updated room
 */
export function addMessages(
  entry: RoomEntry,
  messages: readonly Message[],
  myId: string,
): RoomEntry {
  const newest = messages.reduce((max, m) => Math.max(max, m.seq), entry.room.last_seq);
  return {
    ...withoutPendingOf(entry, messages, myId),
    messages: mergeMessages(entry.messages, messages),
    room: newest === entry.room.last_seq ? entry.room : { ...entry.room, last_seq: newest },
  };
}

/**
 * Drops my pending copies of stored messages (matched by `client_msg_id`), wherever the stored
 * ones go (timeline or thread).
 *
 * @param entry the room
 * @param messages stored messages of this room
 * @param myId my user id
 * @returns the room, itself when none of its pending messages was stored
 */
export function withoutPendingOf(
  entry: RoomEntry,
  messages: readonly Message[],
  myId: string,
): RoomEntry {
  const mine = new Set(
    messages.filter((m) => m.sender.id === myId).map((m) => m.client_msg_id),
  );
  if (mine.size === 0 || !entry.pending.some((p) => mine.has(p.client_msg_id))) return entry;
  return { ...entry, pending: entry.pending.filter((p) => !mine.has(p.client_msg_id)) };
}

/**
 * Binary search for the index of the message with `seq`.
 *
 * @returns the index, or -1 when it is not held
 */
export function indexOfSeq(messages: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = messages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = messages[mid]!.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
