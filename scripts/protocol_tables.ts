/**
 * `deno task docs`: writes the README's tables of WebSocket frames, error codes and close codes
 * from `shared/`, so the documented protocol is the one the server validates. With `--check` it
 * writes nothing and exits 1 when the README is out of date.
 *
 * Each table sits between its own pair of markers, `<!-- protocol-tables:<table>:start -->` and
 * `<!-- protocol-tables:<table>:end -->`; the prose around them is left alone.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  ClientFrame,
  CLOSE_CODES,
  ERROR_DESCRIPTIONS,
  ERROR_STATUS,
  ErrorCode,
  ServerFrame,
} from "../shared/mod.ts";
import { markdownTable } from "./_markdown_table.ts";
import { readRegion, replaceRegion } from "./_marked_regions.ts";

/** The README this script maintains. */
export const README: URL = new URL("../README.md", import.meta.url);

/** The generated tables, by the name in their markers. */
export const PROTOCOL_TABLES = ["client-frames", "server-frames", "errors", "close-codes"] as const;
/** One of {@linkcode PROTOCOL_TABLES}. */
export type ProtocolTable = typeof PROTOCOL_TABLES[number];

/**
 * Enums with more values than this are shown by field name only: a long one (the error codes)
 * has a table of its own, and listing it inline would swamp the row.
 */
const MAX_INLINE_ENUM_VALUES = 4;

/** The marker name of `table`: `protocol-tables:<table>`. */
export function regionName(table: ProtocolTable): string {
  return `protocol-tables:${table}`;
}

/**
 * Renders every protocol table as `deno fmt` would format it.
 *
 * @returns the markdown of each table, without surrounding blank lines
 * @throws when a frame schema has no `description` metadata or no literal `type`
 */
export function renderProtocolTables(): Record<ProtocolTable, string> {
  return {
    "client-frames": frameTable("Client → server", ClientFrame.options),
    "server-frames": frameTable("Server → client", ServerFrame.options),
    errors: markdownTable(
      ["Code", "Status", "When"],
      ErrorCode.options.map((code) => [
        `\`${code}\``,
        String(ERROR_STATUS[code]),
        ERROR_DESCRIPTIONS[code],
      ]),
    ),
    "close-codes": markdownTable(
      ["Code", "Reason", "Reconnect?"],
      Object.values(CLOSE_CODES).map((c) => [String(c.code), c.reason, c.advice]),
    ),
  };
}

/**
 * `readme` with every protocol table replaced by its rendering.
 *
 * @throws when a table's markers are missing, repeated or out of order, or as
 * {@linkcode renderProtocolTables}
 */
export function updateReadme(readme: string): string {
  const tables = renderProtocolTables();
  return PROTOCOL_TABLES.reduce(
    (text, table) => replaceRegion(text, regionName(table), tables[table]),
    readme,
  );
}

/**
 * The tables of `readme` that differ from their rendering, for telling people which ones are stale.
 *
 * @throws as {@linkcode updateReadme}
 */
export function staleTables(readme: string): ProtocolTable[] {
  const tables = renderProtocolTables();
  return PROTOCOL_TABLES.filter((table) => readRegion(readme, regionName(table)) !== tables[table]);
}

/**
 * A frame's fields other than `type`, as `{a, b?, c: x|y}`: `?` marks a field a sender may leave
 * out (optional or defaulted), and literals and short enums show their values.
 *
 * @throws when a field's schema is not a zod schema the walker knows how to unwrap (never, for
 * schemas built with `z`)
 */
export function frameFields(frame: z.ZodObject): string {
  const fields = Object.entries(frame.shape)
    .filter(([name]) => name !== "type")
    .map(([name, schema]) => fieldSummary(name, schema));
  return fields.length === 0 ? "—" : `\`{${fields.join(", ")}}\``;
}

function frameTable(title: string, frames: readonly z.ZodObject[]): string {
  return markdownTable(
    [title, "Fields", "Meaning"],
    frames.map((frame) => [`\`${frameType(frame)}\``, frameFields(frame), frameDescription(frame)]),
  );
}

function frameType(frame: z.ZodObject): string {
  const type = frame.shape.type;
  if (!(type instanceof z.ZodLiteral) || type.values.size !== 1) {
    throw new Error(`A frame's "type" must be one literal: ${JSON.stringify(frame.shape)}`);
  }
  return String([...type.values][0]);
}

function frameDescription(frame: z.ZodObject): string {
  const description = frame.meta()?.description;
  if (!description) {
    throw new Error(
      `Frame "${frameType(frame)}" has no .meta({ description }) in shared/frames.ts`,
    );
  }
  return description;
}

function fieldSummary(name: string, schema: z.core.$ZodType): string {
  let inner = schema;
  let optional = false;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    optional = true;
    inner = inner.unwrap();
  }
  const label = optional ? `${name}?` : name;
  const values = shownValues(inner);
  return values.length === 0 ? label : `${label}: ${values.join("|")}`;
}

function shownValues(schema: z.core.$ZodType): string[] {
  if (schema instanceof z.ZodLiteral) return [...schema.values].map(String);
  if (schema instanceof z.ZodEnum && schema.options.length <= MAX_INLINE_ENUM_VALUES) {
    return schema.options.map(String);
  }
  return [];
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const readme = await Deno.readTextFile(README);
  const updated = updateReadme(readme);
  if (values.check) {
    const stale = staleTables(readme);
    if (stale.length > 0) {
      console.error(
        `README.md's protocol tables differ from shared/ (${stale.join(", ")}): ` +
          "run deno task docs",
      );
      Deno.exit(1);
    }
    console.log("README.md's protocol tables are up to date");
  } else if (updated !== readme) {
    await Deno.writeTextFile(README, updated);
    console.log("README.md: protocol tables rewritten");
  } else {
    console.log("README.md's protocol tables are up to date");
  }
}
