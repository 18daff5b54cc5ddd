/**
 * Sessions: one per login, the family of its refresh tokens (`sessions.id` is their
 * `family_id`). Access tokens name their session, and authenticating one checks it here in the
 * query that reads the user, so a revoked session's tokens are refused at once on every instance
 * at no extra round trip.
 *
 * @module
 */
import type { User } from "../../shared/mod.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { parseUser } from "./rows.ts";

/** A session as stored. */
export interface SessionRow {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string;
  ip: string;
}

/** Reads and writes sessions. */
export interface SessionStore {
  /** Records a new login of `userId` with id `id` (the family id of its refresh tokens). */
  create(id: string, userId: string, client: { userAgent: string; ip: string }): Promise<void>;
  /** Marks the session used now (a refresh). */
  touch(id: string): Promise<void>;
  /**
   * The user of a live session: `sessionId` not revoked and belonging to `userId`.
   * @returns the user, or null
   */
  userOf(userId: string, sessionId: string): Promise<User | null>;
  /** The user's live sessions (not revoked, with a refresh token not expired), newest first. */
  list(userId: string): Promise<SessionRow[]>;
  /**
   * Revokes a live session and its refresh tokens; with `userId`, only when it is theirs.
   * @returns the session's user id, or null when there was no such live session
   */
  revoke(id: string, userId?: string): Promise<string | null>;
  /**
   * Revokes every live session of the user but `keepId`.
   * @returns the ids revoked
   */
  revokeAllBut(userId: string, keepId: string | null): Promise<string[]>;
}

const timestamp = (value: unknown) => new Date(value as string | Date).toISOString();

/** A {@linkcode SessionStore} over `db`. */
export function createSessionStore(db: SqlExecutor): SessionStore {
  return {
    async create(id, userId, { userAgent, ip }) {
      await db.query(
        "insert into sessions (id, user_id, user_agent, ip) values ($1, $2, $3, $4)",
        [id, userId, userAgent, ip],
      );
    },
    async touch(id) {
      await db.query("update sessions set last_used_at = now() where id = $1", [id]);
    },
    async userOf(userId, sessionId) {
      const [row] = await db.query(
        `select u.id, u.username, u.created_at from users u
         join sessions s on s.user_id = u.id
         where u.id = $1 and s.id = $2 and s.revoked_at is null`,
        [userId, sessionId],
      );
      return row ? parseUser(row) : null;
    },
    async list(userId) {
      const rows = await db.query(
        `select s.id, s.created_at, s.last_used_at, s.user_agent, s.ip from sessions s
         where s.user_id = $1 and s.revoked_at is null and exists (
           select 1 from refresh_tokens t
           where t.family_id = s.id and t.revoked_at is null and t.used_at is null
             and t.expires_at > now()
         )
         order by s.created_at desc, s.id`,
        [userId],
      );
      return rows.map((r) => ({
        id: String(r.id),
        createdAt: timestamp(r.created_at),
        lastUsedAt: timestamp(r.last_used_at),
        userAgent: String(r.user_agent),
        ip: String(r.ip),
      }));
    },
    async revoke(id, userId) {
      const [row] = await db.query(
        `with s as (
           update sessions set revoked_at = now()
           where id = $1 and revoked_at is null and ($2::uuid is null or user_id = $2::uuid)
           returning id, user_id
         ), t as (
           update refresh_tokens set revoked_at = now()
           where family_id in (select id from s) and revoked_at is null
         )
         select user_id from s`,
        [id, userId ?? null],
      );
      return row ? String(row.user_id) : null;
    },
    async revokeAllBut(userId, keepId) {
      const rows = await db.query(
        `with s as (
           update sessions set revoked_at = now()
           where user_id = $1 and revoked_at is null and ($2::uuid is null or id <> $2::uuid)
           returning id
         ), t as (
           update refresh_tokens set revoked_at = now()
           where family_id in (select id from s) and revoked_at is null
         )
         select id from s`,
        [userId, keepId],
      );
      return rows.map((r) => String(r.id));
    },
  };
}
