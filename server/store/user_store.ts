/**
 * Users and their password hashes.
 *
 * @module
 */
import { ChatError, DELETED_USERNAME, type User } from "../../shared/mod.ts";
import { isUniqueViolation, type SqlExecutor } from "../db/sql_executor.ts";
import { parseUser } from "./rows.ts";

/** A user with the bcrypt hash of their password. */
export interface UserCredentials {
  user: User;
  passwordHash: string;
}

/** Reads and writes users. */
export interface UserStore {
  /** @throws {ChatError} `username_taken` */
  create(username: string, passwordHash: string): Promise<User>;
  /** The user and password hash, or null for an unknown username. */
  findCredentials(username: string): Promise<UserCredentials | null>;
  /** The user with `username`, or null. */
  findByUsername(username: string): Promise<User | null>;
  /** The user with `id`, or null. */
  get(id: string): Promise<User | null>;
  /** Replaces the user's password hash. */
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /**
   * Marks the account deleted: it shows as {@linkcode DELETED_USERNAME} from then on, its
   * username is free and no password matches (migration 005). The row stays, so that its
   * messages and events keep their sender and actor.
   */
  markDeleted(id: string): Promise<void>;
}

/** A {@linkcode UserStore} over `db`. */
export function createUserStore(db: SqlExecutor): UserStore {
  return {
    async create(username, passwordHash) {
      try {
        const [row] = await db.query(
          `insert into users (username, password_hash) values ($1, $2)
           returning id, username, created_at`,
          [username, passwordHash],
        );
        return parseUser(row);
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ChatError("username_taken", `Username "${username}" is taken`);
        }
        throw err;
      }
    },
    async findCredentials(username) {
      const [row] = await db.query(
        `select id, username, created_at, password_hash from users
         where username = $1 and deleted_at is null`,
        [username],
      );
      if (!row) return null;
      return { user: parseUser(row), passwordHash: String(row.password_hash) };
    },
    async findByUsername(username) {
      const [row] = await db.query(
        "select id, username, created_at from users where username = $1 and deleted_at is null",
        [username],
      );
      return row ? parseUser(row) : null;
    },
    async setPasswordHash(id, passwordHash) {
      await db.query("update users set password_hash = $2 where id = $1", [id, passwordHash]);
    },
    async markDeleted(id) {
      await db.query(
        `update users set deleted_at = now(), username = $2, password_hash = ''
         where id = $1 and deleted_at is null`,
        [id, DELETED_USERNAME],
      );
    },
    async get(id) {
      const [row] = await db.query("select id, username, created_at from users where id = $1", [
        id,
      ]);
      return row ? parseUser(row) : null;
    },
  };
}
