/**
 * Refresh tokens, stored as SHA-256 hashes and grouped in families: every rotation adds a token to
 * the family of the one it replaces, so reuse of a rotated token can revoke the whole family
 * (refresh token rotation, OAuth 2.0 Security BCP, RFC 9700 §4.14.2). A family is a session
 * (`session_store.ts`), which revokes it.
 *
 * @module
 */
import type { SqlExecutor } from "../db/sql_executor.ts";

/** What happened when a refresh token was presented. */
export type ConsumeResult =
  | { status: "ok"; userId: string; familyId: string }
  | { status: "reused"; familyId: string }
  | { status: "invalid" };

/** Reads and writes refresh tokens by hash. */
export interface RefreshTokenStore {
  /** Stores a new token of `familyId`, valid until `expiresAt`. */
  insert(hash: string, familyId: string, userId: string, expiresAt: Date): Promise<void>;
  /**
   * Marks the token used. `reused` means it had been used before (the caller revokes the family);
   * `invalid` means unknown, expired or revoked.
   */
  consume(hash: string): Promise<ConsumeResult>;
  /** The family (session id) of a live token: not used, revoked or expired; else null. */
  familyOf(hash: string): Promise<string | null>;
}

/** A {@linkcode RefreshTokenStore} over `db`. */
export function createRefreshTokenStore(db: SqlExecutor): RefreshTokenStore {
  return {
    async insert(hash, familyId, userId, expiresAt) {
      await db.query(
        `insert into refresh_tokens (token_hash, family_id, user_id, expires_at)
         values ($1, $2, $3, $4)`,
        [hash, familyId, userId, expiresAt],
      );
    },
    async consume(hash) {
      const [used] = await db.query(
        `update refresh_tokens set used_at = now()
         where token_hash = $1 and used_at is null and revoked_at is null and expires_at > now()
         returning user_id, family_id`,
        [hash],
      );
      if (used) {
        return { status: "ok", userId: String(used.user_id), familyId: String(used.family_id) };
      }
      const [row] = await db.query(
        "select family_id, used_at, revoked_at from refresh_tokens where token_hash = $1",
        [hash],
      );
      if (row && row.used_at !== null && row.revoked_at === null) {
        return { status: "reused", familyId: String(row.family_id) };
      }
      return { status: "invalid" };
    },
    async familyOf(hash) {
      const [row] = await db.query(
        `select family_id from refresh_tokens
         where token_hash = $1 and used_at is null and revoked_at is null and expires_at > now()`,
        [hash],
      );
      return row ? String(row.family_id) : null;
    },
  };
}
