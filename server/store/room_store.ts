/**
 * Rooms, direct rooms and memberships.
 *
 * @module
 */
import { ChatError, type MemberRole, type Room } from "../../shared/mod.ts";
import { isUniqueViolation, type SqlExecutor } from "../db/sql_executor.ts";
import { recordEvent } from "./event_store.ts";
import {
  parseSummary,
  type StoredRoomSummary,
  SUMMARY_ORDER,
  SUMMARY_SELECT,
} from "./room_summary_sql.ts";
import { parseMember, parseRoom, ROOM_COLUMNS, type StoredMember } from "./rows.ts";

export type { StoredRoomSummary } from "./room_summary_sql.ts";

/** Fields of a room that its owner may change; `kind` only between public and private. */
export interface RoomPatch {
  name?: string | undefined;
  topic?: string | undefined;
  kind?: "public" | "private" | undefined;
}

/** A user's membership of a room. */
export interface Membership {
  role: MemberRole;
  lastReadSeq: number;
}

/** Reads and writes rooms and their members. */
export interface RoomStore {
  /**
   * Creates a public or private room with `ownerId` as owner and first member: the room's first
   * event (seq 1) is the owner's `member_joined`.
   * @throws {ChatError} `room_name_taken` when a public room has the name (private rooms' names
   * need not be unique, so that they cannot be found out by trying them)
   */
  create(kind: "public" | "private", name: string, topic: string, ownerId: string): Promise<Room>;
  /** The room with `id`, or null. */
  get(id: string): Promise<Room | null>;
  /** The public room named `name`, or null (private names are not unique). */
  findByName(name: string): Promise<Room | null>;
  /**
   * Applies `patch` with a `room_updated` event by `actorId`; null when the room does not exist.
   * @throws {ChatError} `room_name_taken`
   */
  update(id: string, patch: RoomPatch, actorId: string): Promise<Room | null>;
  /** Deletes the room with its members and messages; false when it did not exist. */
  delete(id: string): Promise<boolean>;
  /**
   * The direct room of two users, created with both as members on first use: `userA`'s
   * `member_joined` (seq 1) and the `member_added` of `userB` by `userA` (seq 2).
   */
  openDirect(userA: string, userB: string): Promise<{ room: Room; created: boolean }>;
  /** Rooms `userId` is a member of, with unread counts, newest message and direct peer. */
  listForUser(userId: string): Promise<StoredRoomSummary[]>;
  /** Public rooms `userId` has not joined. */
  listPublic(userId: string): Promise<StoredRoomSummary[]>;
  /** The rooms `userId` is a member of, each with its newest seq. */
  roomsOf(userId: string): Promise<{ roomId: string; lastSeq: number }[]>;
  /** `userId`'s membership of the room, or null. */
  membership(roomId: string, userId: string): Promise<Membership | null>;
  /**
   * Adds a member with its event: `member_joined` when `actorId` is the member, `member_added`
   * otherwise. `seq` is the event's, null when they already were a member (nothing changed).
   */
  addMember(
    roomId: string,
    userId: string,
    actorId: string,
  ): Promise<{ member: StoredMember; seq: number | null }>;
  /**
   * Removes a member with a `member_left` event. When the owner leaves, the longest-standing
   * remaining member becomes owner.
   * @returns the event's seq; null when `userId` was not a member
   */
  removeMember(roomId: string, userId: string): Promise<number | null>;
  /** Members of the room, by username. */
  members(roomId: string): Promise<StoredMember[]>;
  /** Ids of the room's members. */
  memberIds(roomId: string): Promise<string[]>;
}

async function one(db: SqlExecutor, text: string, params: unknown[]): Promise<Room | null> {
  const [row] = await db.query(text, params);
  return row ? parseRoom(row) : null;
}

function nameTaken(err: unknown, name: string | undefined): unknown {
  return isUniqueViolation(err, "rooms_public_name_key") ? nameTakenError(name) : err;
}

function nameTakenError(name: string | undefined): ChatError {
  return new ChatError("room_name_taken", `Room name "${name}" is taken by a public room`);
}

/**
 * True for a row that may have the name: names are unique among public rooms only (the index
 * `rooms_public_name_key`), so that choosing a private room's name reveals nothing (issue 13). A
 * private room may not take a public room's name either, which reveals nothing more than the
 * public list does. `kind` and `name` are the row's kind and name after the write, `self` its id
 * when it exists.
 */
const NAME_FREE = (kind: string, name: string, self?: string) =>
  `(${kind} <> 'private' or not exists (
     select 1 from rooms o where o.kind = 'public' and o.name = ${name}${
    self ? ` and o.id <> ${self}` : ""
  }))`;

/** A {@linkcode RoomStore} over `db`. */
export function createRoomStore(db: SqlExecutor): RoomStore {
  const r = "rooms as r";
  return {
    async create(kind, name, topic, ownerId) {
      try {
        return await db.transaction(async (tx) => {
          const room = await one(
            tx,
            `insert into ${r} (kind, name, topic, owner_id)
             select $1, $2, $3, $4 where ${NAME_FREE("$1::text", "$2::text")}
             returning ${ROOM_COLUMNS}`,
            [kind, name, topic, ownerId],
          );
          if (!room) throw nameTakenError(name);
          await tx.query(
            "insert into room_members (room_id, user_id, role) values ($1, $2, 'owner')",
            [room.id, ownerId],
          );
          await recordEvent(tx, {
            roomId: room.id,
            type: "member_joined",
            actorId: ownerId,
            userId: ownerId,
          });
          return { ...room, last_seq: 1 };
        });
      } catch (err) {
        throw nameTaken(err, name);
      }
    },
    get: (id) => one(db, `select ${ROOM_COLUMNS} from ${r} where r.id = $1`, [id]),
    findByName: (name) =>
      one(db, `select ${ROOM_COLUMNS} from ${r} where r.name = $1 and r.kind = 'public'`, [name]),
    async update(id, patch, actorId) {
      let room;
      try {
        room = await db.transaction(async (tx) => {
          const updated = await one(
            tx,
            `update ${r} set name = coalesce($2, r.name), topic = coalesce($3, r.topic),
             kind = coalesce($4, r.kind)
           where r.id = $1 and r.kind <> 'direct'
             and ${NAME_FREE("coalesce($4, r.kind)", "coalesce($2, r.name)", "r.id")}
           returning ${ROOM_COLUMNS}`,
            [id, patch.name ?? null, patch.topic ?? null, patch.kind ?? null],
          );
          if (!updated) return null;
          const seq = await recordEvent(tx, { roomId: id, type: "room_updated", actorId });
          return { ...updated, last_seq: seq ?? updated.last_seq };
        });
      } catch (err) {
        throw nameTaken(err, patch.name);
      }
      if (room) return room;
      const existing = await one(db, `select ${ROOM_COLUMNS} from ${r} where r.id = $1`, [id]);
      if (existing && existing.kind !== "direct") {
        throw nameTakenError(patch.name ?? existing.name!);
      }
      return null;
    },
    async delete(id) {
      const rows = await db.query("delete from rooms where id = $1 returning id", [id]);
      return rows.length > 0;
    },
    async openDirect(userA, userB) {
      const key = [userA, userB].sort().join(":");
      return await db.transaction(async (tx) => {
        const created = await one(
          tx,
          `insert into ${r} (kind, dm_key) values ('direct', $1) on conflict (dm_key) do nothing
           returning ${ROOM_COLUMNS}`,
          [key],
        );
        if (created) {
          await tx.query(
            "insert into room_members (room_id, user_id) values ($1, $2), ($1, $3)",
            [created.id, userA, userB],
          );
          const room = created.id;
          await recordEvent(tx, {
            roomId: room,
            type: "member_joined",
            actorId: userA,
            userId: userA,
          });
          await recordEvent(tx, {
            roomId: room,
            type: "member_added",
            actorId: userA,
            userId: userB,
          });
          return { room: { ...created, last_seq: 2 }, created: true };
        }
        const room = await one(tx, `select ${ROOM_COLUMNS} from ${r} where r.dm_key = $1`, [key]);
        return { room: room!, created: false };
      });
    },
    async listForUser(userId) {
      const rows = await db.query(
        `${SUMMARY_SELECT} where m.user_id is not null ${SUMMARY_ORDER}`,
        [userId],
      );
      return rows.map(parseSummary);
    },
    async listPublic(userId) {
      const rows = await db.query(
        `${SUMMARY_SELECT} where r.kind = 'public' and m.user_id is null ${SUMMARY_ORDER}`,
        [userId],
      );
      return rows.map(parseSummary);
    },
    async roomsOf(userId) {
      const rows = await db.query(
        `select m.room_id, r.last_seq from room_members m join rooms r on r.id = m.room_id
         where m.user_id = $1`,
        [userId],
      );
      return rows.map((row) => ({ roomId: String(row.room_id), lastSeq: Number(row.last_seq) }));
    },
    async membership(roomId, userId) {
      const [row] = await db.query(
        "select role, last_read_seq from room_members where room_id = $1 and user_id = $2",
        [roomId, userId],
      );
      if (!row) return null;
      return {
        role: row.role === "owner" ? "owner" : "member",
        lastReadSeq: Number(row.last_read_seq),
      };
    },
    async addMember(roomId, userId, actorId) {
      const seq = await db.transaction(async (tx) => {
        const inserted = await tx.query(
          `insert into room_members (room_id, user_id) values ($1, $2)
           on conflict do nothing returning user_id`,
          [roomId, userId],
        );
        if (inserted.length === 0) return null;
        const type = actorId === userId ? "member_joined" : "member_added";
        return await recordEvent(tx, { roomId, type, actorId, userId });
      });
      const [row] = await db.query(
        `select m.user_id, u.username, m.role, m.joined_at, m.last_read_seq
         from room_members m join users u on u.id = m.user_id
         where m.room_id = $1 and m.user_id = $2`,
        [roomId, userId],
      );
      return { member: parseMember(row), seq };
    },
    async removeMember(roomId, userId) {
      return await db.transaction(async (tx) => {
        const [removed] = await tx.query(
          "delete from room_members where room_id = $1 and user_id = $2 returning role",
          [roomId, userId],
        );
        if (!removed) return null;
        if (removed.role === "owner") {
          const [heir] = await tx.query(
            `update room_members set role = 'owner' where (room_id, user_id) = (
               select room_id, user_id from room_members where room_id = $1
               order by joined_at, user_id limit 1
             ) returning user_id`,
            [roomId],
          );
          await tx.query("update rooms set owner_id = $2 where id = $1", [
            roomId,
            heir?.user_id ?? null,
          ]);
        }
        return await recordEvent(tx, { roomId, type: "member_left", actorId: userId, userId });
      });
    },
    async memberIds(roomId) {
      const rows = await db.query("select user_id from room_members where room_id = $1", [roomId]);
      return rows.map((row) => String(row.user_id));
    },
    async members(roomId) {
      const rows = await db.query(
        `select m.user_id, u.username, m.role, m.joined_at, m.last_read_seq
         from room_members m join users u on u.id = m.user_id
         where m.room_id = $1 order by u.username`,
        [roomId],
      );
      return rows.map(parseMember);
    },
  };
}
