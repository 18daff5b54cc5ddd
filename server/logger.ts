/**
 * Structured JSON logs to stdout, one line per event (pino). Never log tokens or passwords.
 *
 * @module
 */
import pino from "pino";
import { activeTraceIds } from "./tracing/tracing.ts";

/** The logger passed down from `main.ts`. */
export type Logger = pino.Logger;

/** Log levels accepted by LOG_LEVEL. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/**
 * Creates the process logger; `base` fields (e.g. instance id) go on every line, and lines written
 * inside a traced span carry its `trace_id` and `span_id` (tracing: `server/tracing/tracing.ts`).
 *
 * @param level the lowest level written
 * @param base fields written on every line
 * @param destination where lines go; default stdout (tests pass a stream to read them back)
 * @returns the logger
 *
 * @example Logging with an instance id
 * ```ts
 * import { createLogger } from "./logger.ts";
 *
 * const logger = createLogger("info", { instance: "a1b2c3d4" });
 * logger.info({ port: 8080 }, "listening");
 * ```
 */
export function createLogger(
  level: (typeof LOG_LEVELS)[number],
  base: Record<string, unknown> = {},
  destination?: pino.DestinationStream,
): Logger {
  const options = {
    level,
    base,
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: activeTraceIds,
  };
  return destination ? pino(options, destination) : pino(options);
}
