/**
 * Messages: appending with a per-room sequence number, keyset-paginated history.
 *
 * @module
 */
import type { HistoryPage, Message, MessageKind } from "../../shared/mod.ts";
import { isUniqueViolation, type SqlExecutor } from "../db/sql_executor.ts";
import { groupCommit } from "./group_commit.ts";
import { MESSAGE_COLUMNS, MESSAGE_JOINS, parseMessage } from "./rows.ts";

/** A message to store. */
export interface NewMessage {
  roomId: string;
  senderId: string;
  clientMsgId: string;
  kind: MessageKind;
  text: string;
  /** The message it answers (checked by the service: same room). */
  replyTo?: string | undefined;
  /** The thread root it is posted under (checked by the service: a timeline message). */
  threadRootId?: string | undefined;
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
  /**
   * The thread whose replies to page; absent, the room's timeline (messages that are not
   * thread replies).
   */
  threadRootId?: string | undefined;
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
  /**
   * A page of the room's timeline, or of one thread, in ascending seq (keyset pagination on
   * `(room_id, seq)`), messages in their current state.
   */
  page(roomId: string, request: PageRequest): Promise<HistoryPage>;
  /** The messages with these ids, in their current state, in any order; unknown ids are left out. */
  byIds(ids: readonly string[]): Promise<Message[]>;
  /**
   * The message with (room, sender, client_msg_id), the idempotency key of a send, or null.
   */
  findByKey(roomId: string, senderId: string, clientMsgId: string): Promise<Message | null>;
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
 * Thread roots of the messages just stored (`msg`) count them and note the newest one's time,
 * in the statement that stores them.
 */
const BUMP_ROOTS = `roots as (
    update messages r set reply_count = r.reply_count + t.n,
      last_reply_at = greatest(r.last_reply_at, t.at)
    from (
      select thread_root_id, count(*) as n, max(created_at) as at from msg
      where thread_root_id is not null group by thread_root_id
    ) t
    where r.id = t.thread_root_id
  )`;

/**
 * A message just stored, as {@linkcode MESSAGE_COLUMNS} without the state a new message cannot
 * have yet (edits, reactions, replies in its thread), which would cost a lookup per message.
 */
const APPENDED_COLUMNS = `msg.id, msg.room_id, msg.seq, msg.kind, msg.text, msg.client_msg_id,
  msg.created_at, sender.id as sender_id, sender.username as sender_username, msg.thread_root_id,
  quoted.id as quoted_id, quoted.text as quoted_text, quoted.deleted as quoted_deleted,
  quoted_sender.id as quoted_sender_id, quoted_sender.username as quoted_sender_username`;

/**
 * Stores a batch of messages in one statement. Rooms are locked in id order, so two batches
 * (from two instances) cannot deadlock on each other; each room's `last_seq` moves by the number
 * of its messages, which are numbered in submission order. Messages whose sender is not a member
 * or whose idempotency key is already stored are left out; the caller settles them one by one.
 * The input is JSON passed as text: typed `jsonb`, postgres.js would encode the string again.
 */
const APPEND_BATCH = `with input as (
    select * from jsonb_to_recordset($1::text::jsonb)
      as i(ord int, room_id uuid, sender_id uuid, client_msg_id uuid, kind text, text text,
        reply_to uuid, thread_root_id uuid)
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
    insert into messages (room_id, seq, sender_id, client_msg_id, kind, text, reply_to,
      thread_root_id)
    select a.room_id, b.base + row_number() over (partition by a.room_id order by a.ord),
      a.sender_id, a.client_msg_id, a.kind, a.text, a.reply_to, a.thread_root_id
    from accepted a join bumped b on b.id = a.room_id
    returning *
  ), mark as (
    update room_members m set last_read_seq = greatest(m.last_read_seq, s.seq)
    from (select room_id, sender_id, max(seq) as seq from msg group by room_id, sender_id) s
    where m.room_id = s.room_id and m.user_id = s.sender_id
  ), ${BUMP_ROOTS}
  select ${APPENDED_COLUMNS} from msg ${MESSAGE_JOINS}`;

/**
 * A {@linkcode MessageStore} over `db`. Appends are group-committed (see `group_commit.ts`): under
 * load, the appends waiting for the statement in flight are stored together by the next one.
 */
export function createMessageStore(
  db: SqlExecutor,
  { maxBatch = 256, maxInFlight = 1, onBatch }: MessageStoreOptions = {},
): MessageStore {
  async function findByKey(
    roomId: string,
    senderId: string,
    clientMsgId: string,
  ): Promise<Message | null> {
    const [row] = await db.query(
      `select ${MESSAGE_COLUMNS} from messages msg ${MESSAGE_JOINS}
       where msg.room_id = $1 and msg.sender_id = $2 and msg.client_msg_id = $3`,
      [roomId, senderId, clientMsgId],
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
           insert into messages (room_id, seq, sender_id, client_msg_id, kind, text, reply_to,
             thread_root_id)
           select $1, next.last_seq, $2, $3, $4, $5, $6, $7 from next
           returning *
         ), mark as (
           update room_members set last_read_seq = (select seq from msg)
           where room_id = $1 and user_id = $2 and exists (select 1 from msg)
         ), ${BUMP_ROOTS}
         select ${APPENDED_COLUMNS} from msg ${MESSAGE_JOINS}`,
        [
          m.roomId,
          m.senderId,
          m.clientMsgId,
          m.kind,
          m.text,
          m.replyTo ?? null,
          m.threadRootId ?? null,
        ],
      );
      return row ? { status: "stored", message: parseMessage(row) } : { status: "rejected" };
    } catch (err) {
      if (!isUniqueViolation(err, "messages_idempotency_key")) throw err;
      const original = await findByKey(m.roomId, m.senderId, m.clientMsgId);
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
          reply_to: m.replyTo ?? null,
          thread_root_id: m.threadRootId ?? null,
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
    findByKey,
    async page(roomId, { beforeSeq, afterSeq, limit, threadRootId }) {
      const forward = afterSeq !== undefined;
      const rows = await db.query(
        `select ${MESSAGE_COLUMNS} from messages msg ${MESSAGE_JOINS}
         where msg.room_id = $1 and msg.seq > $2 and msg.seq < $3
           and ${threadRootId ? "msg.thread_root_id = $5" : "msg.thread_root_id is null"}
         order by msg.seq ${forward ? "asc" : "desc"} limit $4`,
        [
          roomId,
          afterSeq ?? 0,
          beforeSeq ?? Number.MAX_SAFE_INTEGER,
          limit + 1,
          ...(threadRootId ? [threadRootId] : []),
        ],
      );
      const hasMore = rows.length > limit;
      const messages = rows.slice(0, limit).map(parseMessage);
      if (!forward) messages.reverse();
      return { messages, has_more: hasMore };
    },
    async byIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.query(
        `select ${MESSAGE_COLUMNS} from messages msg ${MESSAGE_JOINS} where msg.id in (
           select value::uuid from jsonb_array_elements_text($1::text::jsonb)
         )`,
        [JSON.stringify(ids)],
      );
      return rows.map(parseMessage);
    },
  };
}
