/**
 * Times every statement of a {@linkcode SqlExecutor} into `chat_db_query_duration_seconds`, so
 * both drivers (postgres.js and PGlite) are measured the same way without either knowing.
 *
 * @module
 */
import type { SqlExecutor } from "../db/sql_executor.ts";
import type { Metrics } from "./metrics.ts";

/** Statement kinds used as the `operation` label; anything else is `other`. */
const OPERATIONS = new Set(["select", "insert", "update", "delete", "with"]);

/** The `operation` label of a statement: its first keyword, from a small fixed set. */
function operationOf(text: string): string {
  const keyword = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? "";
  return OPERATIONS.has(keyword) ? keyword : "other";
}

/**
 * Wraps `executor` so that each `query` and `exec` (inside transactions too) is timed, whether
 * it succeeds or fails. Closing the wrapper closes `executor`.
 *
 * @param executor the executor to measure
 * @param metrics where the durations go
 * @returns an executor with the same behaviour
 *
 * @example Measuring an in-memory database
 * ```ts
 * import { createPgliteExecutor } from "../db/pglite_executor.ts";
 * import { instrumentExecutor } from "./instrument_executor.ts";
 * import { createMetrics } from "./metrics.ts";
 *
 * const metrics = createMetrics();
 * const db = instrumentExecutor(await createPgliteExecutor(), metrics);
 * await db.query("select 1");
 * await db.close();
 * ```
 */
export function instrumentExecutor(executor: SqlExecutor, metrics: Metrics): SqlExecutor {
  const timed = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const end = metrics.dbQueryDuration.startTimer({ operation });
    try {
      return await run();
    } finally {
      end();
    }
  };
  return {
    query: (text, params) => timed(operationOf(text), () => executor.query(text, params)),
    exec: (text) => timed("script", () => executor.exec(text)),
    transaction: (fn) => executor.transaction((tx) => fn(instrumentExecutor(tx, metrics))),
    close: () => executor.close(),
  };
}
