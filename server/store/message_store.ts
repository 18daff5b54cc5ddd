/**
 * Messages: appending with a per-room sequence number, keyset-paginated history, read markers.
 *
 * @module
 */
import type { HistoryPage, Message, MessageKind } from "../../shared/mod.ts";
import { isUniqueViolation, type SqlExecutor } from "../db/sql_executor.ts";
import { MESSAGE_COLUMNS, parseMessage } from "./rows.ts";

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
   * Stores a message with the room's next seq, all in one statement: the room row is locked while
   * its `last_seq` is incremented, so seqs are gapless and strictly increasing, and a failure
   * leaves nothing behind. The sender's read marker moves to the new seq.
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
}

/** A {@linkcode MessageStore} over `db`. */
export function createMessageStore(db: SqlExecutor): MessageStore {
  async function findByKey(m: NewMessage): Promise<Message | null> {
    const [row] = await db.query(
      `select ${MESSAGE_COLUMNS} from messages msg join users sender on sender.id = msg.sender_id
       where msg.room_id = $1 and msg.sender_id = $2 and msg.client_msg_id = $3`,
      [m.roomId, m.senderId, m.clientMsgId],
    );
    return row ? parseMessage(row) : null;
  }

  return {
    async append(m) {
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
    },
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
        `update room_members m set last_read_seq = greatest(m.last_read_seq, least($3, r.last_seq))
         from rooms r where r.id = m.room_id and m.room_id = $1 and m.user_id = $2
         returning m.last_read_seq, r.last_seq`,
        [roomId, userId, seq],
      );
      if (!row) return null;
      const lastReadSeq = Number(row.last_read_seq);
      return { lastReadSeq, unreadCount: Number(row.last_seq) - lastReadSeq };
    },
  };
}
