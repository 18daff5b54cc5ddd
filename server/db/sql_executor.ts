/**
 * The one interface every SQL query runs through. Queries are written once, with `$1` style
 * parameters, and run unchanged on Postgres (postgres.js) and on embedded PGlite.
 *
 * @module
 */

/** A row as the driver returns it; callers parse it with a zod schema. */
export type Row = Record<string, unknown>;

/** Runs parameterised SQL. */
export interface SqlExecutor {
  /**
   * Runs one statement with `$1`, `$2`… parameters.
   *
   * @returns the rows, in the driver's representation (parse them before use)
   * @throws the driver's error; unique violations carry `code === "23505"`
   */
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` inside a transaction: committed when it resolves, rolled back when it throws.
   * Nested calls are not supported.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes the connection or pool. */
  close(): Promise<void>;
}

/** True when `err` is a Postgres unique violation (SQLSTATE 23505), optionally on `constraint`. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
  if (e.code !== "23505") return false;
  return constraint === undefined || e.constraint_name === constraint ||
    e.constraint === constraint;
}
