/**
 * Edit, delete, react and unreact, each applied with its event in one transaction. The store
 * reads the state an action's rules need under the room's row lock (every change of a room's
 * messages takes it first, so the state cannot change before the commit), asks the caller's
 * rules, which throw to refuse, and applies the change with the room's next seq. The rules
 * themselves are the message service's.
 *
 * @module
 */
import { isUniqueViolation, type SqlExecutor } from "../db/sql_executor.ts";
import { recordEvent } from "./event_store.ts";

/** An action on a message. `clientEventId` is the actor's idempotency key. */
export type MessageAction =
  & { roomId: string; messageId: string; userId: string; clientEventId?: string | undefined }
  & (
    | { kind: "edit"; text: string }
    | { kind: "delete" }
    | { kind: "react"; emoji: string }
    | { kind: "unreact"; emoji: string }
  );

/** What the rules of an action look at, read under the room's lock. */
export interface ActionState {
  /** Null when the room does not exist. */
  room:
    | { kind: "public" | "private" | "direct"; name: string | null; ownerId: string | null }
    | null;
  /** The actor's role in the room, null when not a member. */
  role: "owner" | "member" | null;
  /** The message, when it is one of this room's. */
  message: { senderId: string; deleted: boolean } | null;
  /** The distinct emoji on the message, in no order. */
  emoji: string[];
}

/** Outcome: the event's seq, null when the action changed nothing; `repeated` for a known key. */
export interface ActionResult {
  seq: number | null;
  roomId: string;
  messageId: string;
  repeated: boolean;
}

/** Applies actions on messages. */
export interface MessageActions {
  /**
   * Applies `action` unless its `clientEventId` was seen (then answers as the first time, without
   * calling `rules`). `rules` throws to refuse; the transaction then leaves nothing behind.
   */
  apply(action: MessageAction, rules: (state: ActionState) => void): Promise<ActionResult>;
  /**
   * What erases `userId` from every room: a `delete` of each of their messages not yet deleted,
   * then an `unreact` of each of their reactions on others' messages (those on their own go
   * with the delete), oldest first.
   */
  footprint(userId: string): Promise<MessageAction[]>;
}

/** {@linkcode MessageActions} over `db`. */
export function createMessageActions(db: SqlExecutor): MessageActions {
  async function known(userId: string, key: string | undefined): Promise<ActionResult | null> {
    if (!key) return null;
    const [row] = await db.query(
      `select room_id, message_id, seq from client_events
       where user_id = $1 and client_event_id = $2`,
      [userId, key],
    );
    if (!row) return null;
    return {
      seq: row.seq === null ? null : Number(row.seq),
      roomId: String(row.room_id),
      messageId: String(row.message_id),
      repeated: true,
    };
  }

  /** The change itself; false when there was nothing to change. */
  async function change(tx: SqlExecutor, a: MessageAction): Promise<boolean> {
    switch (a.kind) {
      case "edit":
        await tx.query("update messages set text = $2, edited_at = now() where id = $1", [
          a.messageId,
          a.text,
        ]);
        return true;
      case "delete": {
        const [row] = await tx.query(
          `update messages set text = '', deleted = true where id = $1 and not deleted
           returning thread_root_id`,
          [a.messageId],
        );
        if (!row) return false;
        await tx.query("delete from reactions where message_id = $1", [a.messageId]);
        if (row.thread_root_id) {
          await tx.query(
            `update messages r set reply_count = t.n, last_reply_at = t.at
             from (select count(*) as n, max(created_at) as at from messages
                   where thread_root_id = $1 and not deleted) t
             where r.id = $1`,
            [row.thread_root_id],
          );
        }
        return true;
      }
      case "react":
        return (await tx.query(
          `insert into reactions (message_id, emoji, user_id) values ($1, $2, $3)
           on conflict do nothing returning user_id`,
          [a.messageId, a.emoji, a.userId],
        )).length > 0;
      case "unreact":
        return (await tx.query(
          `delete from reactions where message_id = $1 and emoji = $2 and user_id = $3
           returning user_id`,
          [a.messageId, a.emoji, a.userId],
        )).length > 0;
    }
  }

  const EVENT_TYPES = {
    edit: "message_edited",
    delete: "message_deleted",
    react: "reaction_added",
    unreact: "reaction_removed",
  } as const;

  async function applyOnce(
    a: MessageAction,
    rules: (state: ActionState) => void,
  ): Promise<ActionResult> {
    return await db.transaction(async (tx) => {
      const [room] = await tx.query(
        "select kind, name, owner_id from rooms where id = $1 for update",
        [
          a.roomId,
        ],
      );
      const [member] = await tx.query(
        "select role from room_members where room_id = $1 and user_id = $2",
        [a.roomId, a.userId],
      );
      const [message] = await tx.query(
        "select sender_id, deleted from messages where id = $1 and room_id = $2",
        [a.messageId, a.roomId],
      );
      const emoji = await tx.query("select distinct emoji from reactions where message_id = $1", [
        a.messageId,
      ]);
      rules({
        room: room
          ? {
            kind: room.kind as "public" | "private" | "direct",
            name: room.name === null ? null : String(room.name),
            ownerId: room.owner_id === null ? null : String(room.owner_id),
          }
          : null,
        role: member ? (member.role === "owner" ? "owner" : "member") : null,
        message: message
          ? { senderId: String(message.sender_id), deleted: message.deleted === true }
          : null,
        emoji: emoji.map((row) => String(row.emoji)),
      });
      const seq = await change(tx, a)
        ? await recordEvent(tx, {
          roomId: a.roomId,
          type: EVENT_TYPES[a.kind],
          actorId: a.userId,
          messageId: a.messageId,
          emoji: a.kind === "react" || a.kind === "unreact" ? a.emoji : undefined,
        })
        : null;
      if (a.clientEventId) {
        await tx.query(
          `insert into client_events (user_id, client_event_id, room_id, message_id, seq)
           values ($1, $2, $3, $4, $5)`,
          [a.userId, a.clientEventId, a.roomId, a.messageId, seq],
        );
      }
      return { seq, roomId: a.roomId, messageId: a.messageId, repeated: false };
    });
  }

  return {
    async footprint(userId) {
      const mine = await db.query(
        `select id, room_id from messages where sender_id = $1 and not deleted order by created_at`,
        [userId],
      );
      const reactions = await db.query(
        `select r.message_id, m.room_id, r.emoji from reactions r
         join messages m on m.id = r.message_id
         where r.user_id = $1 and m.sender_id <> $1 order by r.created_at`,
        [userId],
      );
      return [
        ...mine.map((row): MessageAction => ({
          kind: "delete",
          roomId: String(row.room_id),
          messageId: String(row.id),
          userId,
        })),
        ...reactions.map((row): MessageAction => ({
          kind: "unreact",
          roomId: String(row.room_id),
          messageId: String(row.message_id),
          userId,
          emoji: String(row.emoji),
        })),
      ];
    },
    async apply(action, rules) {
      const seen = await known(action.userId, action.clientEventId);
      if (seen) return seen;
      try {
        return await applyOnce(action, rules);
      } catch (err) {
        // The same key applied meanwhile by a concurrent request (another connection, a retry).
        if (!isUniqueViolation(err, "client_events_pkey")) throw err;
        const first = await known(action.userId, action.clientEventId);
        if (!first) throw err;
        return first;
      }
    },
  };
}
