/**
 * Structured JSON logs to stdout, one line per event (pino). Never log tokens or passwords.
 *
 * @module
 */
import pino from "pino";

/** The logger passed down from `main.ts`. */
export type Logger = pino.Logger;

/** Log levels accepted by LOG_LEVEL. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** Creates the process logger; `base` fields (e.g. instance id) go on every line. */
export function createLogger(
  level: (typeof LOG_LEVELS)[number],
  base: Record<string, unknown> = {},
): Logger {
  return pino({
    level,
    base,
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
