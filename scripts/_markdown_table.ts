/**
 * GitHub-flavoured markdown tables, padded the way `deno fmt` pads them, so generated tables are
 * already in the form the formatter would give them and `deno fmt --check` accepts them as written.
 *
 * @module
 */

/**
 * Renders a table with every column padded to its widest cell.
 *
 * Widths count Unicode code points, as `deno fmt` does: a cell with wide characters (CJK, most
 * emoji) still lines up with the formatter, though not on screen. A `|` in a cell is escaped so it
 * stays in its cell, inside code spans too (GFM splits rows before parsing code spans).
 *
 * @param header the column titles
 * @param rows the cells of each row, as many as `header` has
 * @returns the table's lines joined by `\n`, without a trailing newline
 * @throws when a row has a different number of cells than `header`, or a cell holds a line break
 *
 * @example A two-column table
 * ```ts
 * import { markdownTable } from "./_markdown_table.ts";
 * console.log(markdownTable(["Code", "Status"], [["`a`", "400"]]));
 * // | Code | Status |
 * // | ---- | ------ |
 * // | `a`  | 400    |
 * ```
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) {
      throw new Error(`Row ${i + 1} has ${row.length} cells, the header ${header.length}`);
    }
  }
  const cells = [header, ...rows].map((row) => row.map(escapeCell));
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => [...(row[column] ?? "")].length))
  );
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => pad(cell, widths[column] ?? 0)).join(" | ")} |`;
  const [head = [], ...body] = cells;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function escapeCell(cell: string): string {
  if (/[\r\n]/.test(cell)) throw new Error(`A table cell cannot hold a line break: ${cell}`);
  return cell.replaceAll("|", "\\|");
}

function pad(cell: string, width: number): string {
  return cell + " ".repeat(width - [...cell].length);
}
