/**
 * The room event stream as stored: posted messages are rows of `messages` (their seq is the
 * event's), every other kept event a row of `room_events` naming what changed. Reading a range
 * merges both in seq order and joins the current state of what each event names, so a replay
 * carries messages as they are now (deleted text is gone everywhere).
 *
 * @module
 */
import { z } from "zod";
import type { Message, Room, RoomEvent } from "../../shared/mod.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { MESSAGE_COLUMNS, MESSAGE_JOINS, parseMessage, parseRoom, ROOM_COLUMNS } from "./rows.ts";

/** The types of the events kept in `room_events` (all but `message_posted` and `room_deleted`). */
export type RecordedEventType = Exclude<RoomEvent["type"], "message_posted" | "room_deleted">;

/** An event to record; see {@linkcode recordEvent}. */
export interface EventRecord {
  roomId: string;
  type: RecordedEventType;
  actorId: string;
  messageId?: string | undefined;
  userId?: string | undefined;
  emoji?: string | undefined;
}

/**
 * Records an event with the room's next seq: `rooms.last_seq` is incremented and the event
 * inserted by one statement, which locks the room row until the caller's transaction ends, so
 * seqs stay gapless and in commit order with the messages appended beside it.
 *
 * @returns the event's seq, or null when the room does not exist
 */
export async function recordEvent(tx: SqlExecutor, e: EventRecord): Promise<number | null> {
  const [row] = await tx.query(
    `with next as (update rooms set last_seq = last_seq + 1 where id = $1 returning last_seq)
     insert into room_events (room_id, seq, type, actor_id, message_id, user_id, emoji)
     select $1, next.last_seq, $2, $3, $4, $5, $6 from next returning seq`,
    [e.roomId, e.type, e.actorId, e.messageId ?? null, e.userId ?? null, e.emoji ?? null],
  );
  return row ? Number(row.seq) : null;
}

/**
 * The `message_posted` event of a message; `threadRoot` is its root's state when it is a reply
 * in a thread. `created_at` comes last, where the connection reads a live frame's age from.
 */
export function postedEvent(message: Message, threadRoot: Message | null): RoomEvent {
  return {
    type: "message_posted",
    room_id: message.room_id,
    seq: message.seq,
    actor: message.sender,
    message,
    thread_root: threadRoot,
    created_at: message.created_at,
  };
}

/** Reads the room event stream. */
export interface EventStore {
  /**
   * The room's events with `afterSeq < seq < beforeSeq`, in ascending seq, at most `limit`, each
   * with the current state of its message or room.
   */
  range(roomId: string, afterSeq: number, beforeSeq: number, limit: number): Promise<RoomEvent[]>;
  /** The newest event that made `userId` a member of the room, or null. */
  joinedEvent(roomId: string, userId: string): Promise<RoomEvent | null>;
}

const RECORDED_TYPES = [
  "message_edited",
  "message_deleted",
  "reaction_added",
  "reaction_removed",
  "member_joined",
  "member_left",
  "member_added",
  "room_updated",
] as const satisfies readonly RecordedEventType[];

/** A `room_events` row joined with its actor and member. */
const EventRow = z.object({
  seq: z.coerce.number().int(),
  type: z.enum(RECORDED_TYPES),
  message_id: z.string().nullable(),
  emoji: z.string().nullable(),
  created_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
  actor_id: z.string(),
  actor_username: z.string(),
  member_id: z.string().nullable(),
  member_username: z.string().nullable(),
}).transform((r) => ({
  ...r,
  actor: { id: r.actor_id, username: r.actor_username },
  member: r.member_id === null ? null : { id: r.member_id, username: r.member_username ?? "" },
}));

/** An {@linkcode EventStore} over `db`. */
export function createEventStore(db: SqlExecutor): EventStore {
  async function messagesById(ids: Iterable<string>, into: Map<string, Message>) {
    const missing = [...new Set(ids)].filter((id) => !into.has(id));
    if (missing.length === 0) return;
    const rows = await db.query(
      `select ${MESSAGE_COLUMNS} from messages msg ${MESSAGE_JOINS} where msg.id in (
         select value::uuid from jsonb_array_elements_text($1::text::jsonb)
       )`,
      [JSON.stringify(missing)],
    );
    for (const row of rows) {
      const message = parseMessage(row);
      into.set(message.id, message);
    }
  }

  const store: EventStore = {
    async joinedEvent(roomId, userId) {
      const [row] = await db.query(
        `select max(seq) as seq from room_events where room_id = $1 and user_id = $2
           and type in ('member_joined', 'member_added')`,
        [roomId, userId],
      );
      if (row?.seq === null || row?.seq === undefined) return null;
      const seq = Number(row.seq);
      return (await store.range(roomId, seq - 1, seq + 1, 1))[0] ?? null;
    },
    async range(roomId, afterSeq, beforeSeq, limit) {
      const params = [roomId, afterSeq, beforeSeq, limit];
      const [posted, recorded] = await Promise.all([
        db.query(
          `select ${MESSAGE_COLUMNS} from messages msg ${MESSAGE_JOINS}
           where msg.room_id = $1 and msg.seq > $2 and msg.seq < $3 order by msg.seq limit $4`,
          params,
        ),
        db.query(
          `select e.seq, e.type, e.message_id, e.emoji, e.created_at,
             actor.id as actor_id, actor.username as actor_username,
             member.id as member_id, member.username as member_username
           from room_events e join users actor on actor.id = e.actor_id
           left join users member on member.id = e.user_id
           where e.room_id = $1 and e.seq > $2 and e.seq < $3 order by e.seq limit $4`,
          params,
        ),
      ]);
      const messages = posted.map(parseMessage);
      const events = recorded.map((row) => EventRow.parse(row));
      const seqs = [...messages.map((m) => m.seq), ...events.map((e) => e.seq)]
        .sort((a, b) => a - b).slice(0, limit);
      const last = seqs.at(-1) ?? afterSeq;
      const byId = new Map<string, Message>();
      await messagesById(
        events.flatMap((e) => e.seq <= last && e.message_id ? [e.message_id] : []),
        byId,
      );
      const roots = [...messages, ...byId.values()].flatMap((m) => m.thread_root_id ?? []);
      await messagesById(roots, byId);
      let room: Room | null = null;
      if (events.some((e) => e.seq <= last && !e.message_id)) {
        const [row] = await db.query(`select ${ROOM_COLUMNS} from rooms r where r.id = $1`, [
          roomId,
        ]);
        room = row ? parseRoom(row) : null;
      }
      const root = (m: Message) => m.thread_root_id ? byId.get(m.thread_root_id) ?? null : null;
      const out: RoomEvent[] = messages.filter((m) => m.seq <= last)
        .map((m) => postedEvent(m, root(m)));
      for (const e of events) {
        if (e.seq > last) continue;
        const base = { room_id: roomId, seq: e.seq, actor: e.actor };
        const created_at = e.created_at;
        const message = e.message_id ? byId.get(e.message_id) : undefined;
        const type = e.type;
        if (type === "message_edited") {
          out.push({ type, ...base, message: message!, created_at });
        } else if (type === "message_deleted") {
          out.push({ type, ...base, message: message!, thread_root: root(message!), created_at });
        } else if (type === "reaction_added" || type === "reaction_removed") {
          out.push({ type, ...base, emoji: e.emoji ?? "", message: message!, created_at });
        } else if (type === "room_updated") {
          out.push({ type, ...base, room: room!, created_at });
        } else {
          out.push({ type, ...base, user: e.member!, room: room!, created_at });
        }
      }
      return out.sort((a, b) => a.seq - b.seq);
    },
  };
  return store;
}
