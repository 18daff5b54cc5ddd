/**
 * Messages: appending with a per-room sequence number, keyset-paginated history, read markers.
 *
 * @module
 */
import type { HistoryPage, Message, MessageKind, ReadMarker } from "../../shared/mod.ts";
import { isUniqueViolation, type SqlExecutor } from "../db/sql_executor.ts";
import { groupCommit } from "./group_commit.ts";
import { MESSAGE_COLUMNS, parseMessage } from "./rows.ts";
import { unreadCountSql } from "./unread.ts";

/** A message to store. */
export interface NewMessage {
  roomId: string;
  senderId: string;
  clientMsgId: string;
  kind: MessageKind;
  text: string;
}

/** Outcome of {@linkcode MessageStore.append}. */
export type AppendResult =
  | { status: "stored"; message: Message }
  | { status: "duplicate"; message: Message }
  | { status: "rejected" };

/** A history page request; see `HistoryQuery` in shared/. */
export interface PageRequest {
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
  limit: number;
}

/** Reads and writes messages. */
export interface MessageStore {
  /**
   * Stores a message with the room's next seq, all in one statement (shared with the appends
   * waiting beside it): the room row is locked while its `last_seq` is incremented, so seqs are
   * gapless and strictly increasing, and a failure leaves nothing behind. The sender's read
   * marker moves to the new seq.
   *
   * `duplicate` returns the message stored earlier under the same (room, sender, client_msg_id),
   * the idempotency key. `rejected` means the room does not exist or the sender is not a member.
   */
  append(message: NewMessage): Promise<AppendResult>;
  /** A page of the room's messages in ascending seq (keyset pagination on `(room_id, seq)`). */
  page(roomId: string, request: PageRequest): Promise<HistoryPage>;
  /**
   * Moves the member's read marker forward to `seq` (never back, never past the newest message).
   * @returns the new marker and unread count, or null when `userId` is not a member
   */
  markRead(
    roomId: string,
    userId: string,
    seq: number,
  ): Promise<{ lastReadSeq: number; unreadCount: number } | null>;
  /** The user's read marker and unread count in each of their rooms. */
  readMarkers(userId: string): Promise<ReadMarker[]>;
}

/** Tuning of {@linkcode createMessageStore}. */
export interface MessageStoreOptions {
  /** Most appends stored by one statement; default 256. */
  maxBatch?: number;
  /**
   * Most append statements running at once; default 1. Keep it at 1: a connection's pipelined
   * sends to one room may sit in consecutive batches, and two batches in flight could number them
   * out of their order. One at a time also publishes each room's messages in seq order.
   */
  maxInFlight?: number;
  /** Called with the size of every batch committed (for metrics). */
  onBatch?: (size: number) => void;
}

/** A deadlock (SQLSTATE 40P01); Postgres aborts one of the transactions. */
function isDeadlock(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "40P01";
}

/**
 * Stores a batch of messages in one statement. Rooms are locked in id order, so two batches
 * (from two instances) cannot deadlock on each other; each room's `last_seq` moves by the number
 * of its messages, which are numbered in submission order. Messages whose sender is not a member
 * or whose idempotency key is already stored are left out; the caller settles them one by one.
 * The input is JSON passed as text: typed `jsonb`, postgres.js would encode the string again.
 */
const APPEND_BATCH = `with input as (
    select * from jsonb_to_recordset($1::text::jsonb)
      as i(ord int, room_id uuid, sender_id uuid, client_msg_id uuid, kind text, text text)
  ), accepted as (
    select i.* from input i
    where exists (select 1 from room_members m where m.room_id = i.room_id and m.user_id = i.sender_id)
      and not exists (
        select 1 from messages x
        where x.room_id = i.room_id and x.sender_id = i.sender_id and x.client_msg_id = i.client_msg_id
      )
  ), counts as (
    select room_id, count(*) as n from accepted group by room_id
  ), locked as materialized (
    select r.id, r.last_seq from rooms r where r.id in (select room_id from counts)
    order by r.id for update
  ), bumped as (
    update rooms r set last_seq = l.last_seq + c.n
    from locked l join counts c on c.room_id = l.id
    where r.id = l.id
    returning r.id, l.last_seq as base
  ), msg as (
    insert into messages (room_id, seq, sender_id, client_msg_id, kind, text)
    select a.room_id, b.base + row_number() over (partition by a.room_id order by a.ord),
      a.sender_id, a.client_msg_id, a.kind, a.text
    from accepted a join bumped b on b.id = a.room_id
    returning *
  ), mark as (
    update room_members m set last_read_seq = greatest(m.last_read_seq, s.seq)
    from (select room_id, sender_id, max(seq) as seq from msg group by room_id, sender_id) s
    where m.room_id = s.room_id and m.user_id = s.sender_id
  )
  select ${MESSAGE_COLUMNS} from msg join users sender on sender.id = msg.sender_id`;

/**
 * A {@linkcode MessageStore} over `db`. Appends are group-committed (see `group_commit.ts`): under
 * load, the appends waiting for the statement in flight are stored together by the next one.
 */
export function createMessageStore(
  db: SqlExecutor,
  { maxBatch = 256, maxInFlight = 1, onBatch }: MessageStoreOptions = {},
): MessageStore {
  async function findByKey(m: NewMessage): Promise<Message | null> {
    const [row] = await db.query(
      `select ${MESSAGE_COLUMNS} from messages msg join users sender on sender.id = msg.sender_id
       where msg.room_id = $1 and msg.sender_id = $2 and msg.client_msg_id = $3`,
      [m.roomId, m.senderId, m.clientMsgId],
    );
    return row ? parseMessage(row) : null;
  }

  /** The one-message path: settles rejections and duplicates exactly. */
  async function appendOne(m: NewMessage): Promise<AppendResult> {
    try {
      const [row] = await db.query(
        `with next as (
           update rooms set last_seq = last_seq + 1
           where id = $1 and exists (
             select 1 from room_members where room_id = $1 and user_id = $2
           )
           returning last_seq
         ), msg as (
           insert into messages (room_id, seq, sender_id, client_msg_id, kind, text)
           select $1, next.last_seq, $2, $3, $4, $5 from next
           returning *
         ), mark as (
           update room_members set last_read_seq = (select seq from msg)
           where room_id = $1 and user_id = $2 and exists (select 1 from msg)
         )
         select ${MESSAGE_COLUMNS} from msg join users sender on sender.id = msg.sender_id`,
        [m.roomId, m.senderId, m.clientMsgId, m.kind, m.text],
      );
      return row ? { status: "stored", message: parseMessage(row) } : { status: "rejected" };
    } catch (err) {
      if (!isUniqueViolation(err, "messages_idempotency_key")) throw err;
      const original = await findByKey(m);
      if (!original) throw err;
      return { status: "duplicate", message: original };
    }
  }

  /** One at a time, in order, so a key repeated within the batch is stored once. */
  async function appendEach(batch: readonly NewMessage[]): Promise<(AppendResult | Error)[]> {
    const results: (AppendResult | Error)[] = [];
    for (const m of batch) results.push(await appendOne(m).catch((err: Error) => err));
    return results;
  }

  async function appendBatch(batch: readonly NewMessage[]): Promise<(AppendResult | Error)[]> {
    onBatch?.(batch.length);
    if (batch.length === 1) return await appendEach(batch);
    let rows;
    try {
      rows = await db.query(APPEND_BATCH, [
        JSON.stringify(batch.map((m, ord) => ({
          ord,
          room_id: m.roomId,
          sender_id: m.senderId,
          client_msg_id: m.clientMsgId,
          kind: m.kind,
          text: m.text,
        }))),
      ]);
    } catch (err) {
      // A key sent twice within the batch, or stored by another instance meanwhile; or a
      // deadlock with a one-message append. Rare: settle the batch message by message.
      if (isUniqueViolation(err, "messages_idempotency_key") || isDeadlock(err)) {
        return await appendEach(batch);
      }
      throw err;
    }
    const stored = new Map<string, Message>();
    for (const row of rows) {
      const message = parseMessage(row);
      stored.set(`${message.room_id} ${message.sender.id} ${message.client_msg_id}`, message);
    }
    const results: (AppendResult | Error)[] = [];
    for (const m of batch) {
      const message = stored.get(`${m.roomId} ${m.senderId} ${m.clientMsgId}`);
      results.push(
        message ? { status: "stored", message } : await appendOne(m).catch((err: Error) => err),
      );
    }
    return results;
  }

  const append = groupCommit(appendBatch, { maxBatch, maxInFlight });

  return {
    append,
    async page(roomId, { beforeSeq, afterSeq, limit }) {
      const forward = afterSeq !== undefined;
      const rows = await db.query(
        `select ${MESSAGE_COLUMNS} from messages msg join users sender on sender.id = msg.sender_id
         where msg.room_id = $1 and msg.seq > $2 and msg.seq < $3
         order by msg.seq ${forward ? "asc" : "desc"} limit $4`,
        [roomId, afterSeq ?? 0, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1],
      );
      const hasMore = rows.length > limit;
      const messages = rows.slice(0, limit).map(parseMessage);
      if (!forward) messages.reverse();
      return { messages, has_more: hasMore };
    },
    async markRead(roomId, userId, seq) {
      const [row] = await db.query(
        `with marked as (
           update room_members m set last_read_seq = greatest(m.last_read_seq, least($3, r.last_seq))
           from rooms r where r.id = m.room_id and m.room_id = $1 and m.user_id = $2
           returning m.last_read_seq
         )
         select last_read_seq, ${unreadCountSql("$1", "$2", "marked.last_read_seq")} as unread
         from marked`,
        [roomId, userId, seq],
      );
      if (!row) return null;
      return { lastReadSeq: Number(row.last_read_seq), unreadCount: Number(row.unread) };
    },
    async readMarkers(userId) {
      const rows = await db.query(
        `select m.room_id, m.last_read_seq,
           ${unreadCountSql("m.room_id", "m.user_id", "m.last_read_seq")} as unread
         from room_members m where m.user_id = $1`,
        [userId],
      );
      return rows.map((row) => ({
        room_id: String(row.room_id),
        last_read_seq: Number(row.last_read_seq),
        unread_count: Number(row.unread),
      }));
    },
  };
}
