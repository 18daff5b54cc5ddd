import assert from "node:assert/strict";
import { z } from "zod";
import {
  ClientFrame,
  CLOSE_CODES,
  ERROR_DESCRIPTIONS,
  ErrorCode,
  ServerFrame,
} from "../shared/mod.ts";
import { markdownTable } from "./_markdown_table.ts";
import { readRegion, replaceRegion } from "./_marked_regions.ts";
import {
  frameFields,
  PROTOCOL_TABLES,
  README,
  regionName,
  renderProtocolTables,
  staleTables,
  updateReadme,
} from "./protocol_tables.ts";

/** The first cell of every body row of a rendered table. */
function firstColumn(table: string): string[] {
  return table.split("\n").slice(2).map((row) => row.split(" | ")[0]?.replace(/^\| /, "").trim())
    .filter((cell): cell is string => cell !== undefined);
}

Deno.test("README.md holds the protocol tables rendered from shared/ (else: deno task docs)", async () => {
  const readme = await Deno.readTextFile(README);
  const tables = renderProtocolTables();
  for (const table of PROTOCOL_TABLES) {
    assert.equal(
      readRegion(readme, regionName(table)),
      tables[table],
      `the ${table} table in README.md is stale: run deno task docs`,
    );
  }
  assert.deepEqual(staleTables(readme), []);
  assert.equal(updateReadme(readme), readme, "regenerating changes nothing");
});

Deno.test("a hand-edited table is reported stale and regenerated", async () => {
  const readme = await Deno.readTextFile(README);
  const edited = replaceRegion(readme, regionName("errors"), "| Code |\n| ---- |\n| `x`  |");
  assert.deepEqual(staleTables(edited), ["errors"]);
  assert.equal(updateReadme(edited), readme);
});

Deno.test("every frame type of the unions has a row in its table, in union order", () => {
  const tables = renderProtocolTables();
  assert.deepEqual(
    firstColumn(tables["client-frames"]),
    ClientFrame.options.map((frame) => `\`${frame.shape.type.value}\``),
  );
  assert.deepEqual(
    firstColumn(tables["server-frames"]),
    ServerFrame.options.map((frame) => `\`${frame.shape.type.value}\``),
  );
});

Deno.test("every error code and close code has a row in its table", () => {
  const tables = renderProtocolTables();
  assert.deepEqual(firstColumn(tables.errors), ErrorCode.options.map((code) => `\`${code}\``));
  assert.deepEqual(
    firstColumn(tables["close-codes"]),
    Object.values(CLOSE_CODES).map((c) => String(c.code)),
  );
  for (const code of ErrorCode.options) assert.notEqual(ERROR_DESCRIPTIONS[code].trim(), "");
});

Deno.test("a close code's advice starts with Yes exactly when clients reconnect", () => {
  for (const [name, c] of Object.entries(CLOSE_CODES)) {
    assert.equal(c.advice.startsWith("Yes"), c.reconnect, `${name}: ${c.advice}`);
  }
});

Deno.test("frame fields come from the zod shape: optional, defaulted, literal and enum fields", () => {
  const frame = z.object({
    type: z.literal("x"),
    plain: z.string(),
    maybe: z.number().optional(),
    defaulted: z.enum(["a", "b"]).default("a"),
    version: z.literal(2),
    long: z.enum(["a", "b", "c", "d", "e"]),
  });
  assert.equal(frameFields(frame), "`{plain, maybe?, defaulted?: a|b, version: 2, long}`");
  assert.equal(frameFields(z.object({ type: z.literal("y") })), "—");
});

Deno.test("the rendered tables are already in deno fmt's form", async () => {
  const tables = Object.values(renderProtocolTables()).join("\n\n") + "\n";
  const fmt = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "md", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = fmt.stdin.getWriter();
  await writer.write(new TextEncoder().encode(tables));
  await writer.close();
  const { success, stdout, stderr } = await fmt.output();
  assert.ok(success, new TextDecoder().decode(stderr));
  assert.equal(new TextDecoder().decode(stdout), tables);
});

Deno.test("markdownTable escapes pipes and refuses ragged rows and line breaks", () => {
  assert.equal(markdownTable(["A"], [["x|y"]]), "| A    |\n| ---- |\n| x\\|y |");
  assert.throws(() => markdownTable(["A", "B"], [["x"]]), /Row 1 has 1 cells/);
  assert.throws(() => markdownTable(["A"], [["x\ny"]]), /line break/);
});

Deno.test("a region is replaced between its markers, and broken markers are refused", () => {
  const text = "a\n<!-- r:start -->\nold\n<!-- r:end -->\nb\n";
  const replaced = replaceRegion(text, "r", "new");
  assert.equal(replaced, "a\n<!-- r:start -->\n\nnew\n\n<!-- r:end -->\nb\n");
  assert.equal(readRegion(replaced, "r"), "new");
  assert.throws(() => readRegion("<!-- r:start -->", "r"), /Missing <!-- r:end -->/);
  assert.throws(() => readRegion("<!-- r:end --><!-- r:start -->", "r"), /comes before/);
  assert.throws(
    () => readRegion("<!-- r:start --><!-- r:start --><!-- r:end -->", "r"),
    /more than once/,
  );
});
