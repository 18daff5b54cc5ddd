/**
 * The input line: a prompt naming the room, the text, and a block cursor. Long lines scroll
 * sideways so the cursor is always in view; a message with line breaks (Alt+Enter) takes one row
 * per line, up to {@linkcode INPUT_MAX_ROWS}, scrolled to the cursor's line.
 *
 * @module
 */
import { Box, Text } from "ink";
import { textWidth, truncate } from "../state/text_width.ts";

/** Most rows the input takes; longer messages scroll within them. */
export const INPUT_MAX_ROWS = 5;

/** Props of {@linkcode InputLine}. */
export interface InputLineProps {
  /** The room's label, e.g. `#general`. */
  prompt: string;
  /** The line's code points; `\n` separates the lines of a multi-line message. */
  chars: readonly string[];
  /** Code point index of the cursor. */
  cursor: number;
  width: number;
}

interface Line {
  /** Index of the line's first code point in `chars`. */
  start: number;
  chars: readonly string[];
}

function linesOf(chars: readonly string[]): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i === chars.length || chars[i] === "\n") {
      lines.push({ start, chars: chars.slice(start, i) });
      start = i + 1;
    }
  }
  return lines;
}

/** Rows the input takes for `chars`: one per line, at most {@linkcode INPUT_MAX_ROWS}. */
export function inputRows(chars: readonly string[]): number {
  let lines = 1;
  for (const c of chars) if (c === "\n") lines++;
  return Math.min(INPUT_MAX_ROWS, lines);
}

/** `[#general] hello wor█d` */
export function InputLine({ prompt, chars, cursor, width }: InputLineProps) {
  const label = `[${truncate(prompt, Math.max(4, Math.floor(width / 4)))}] `;
  const indent = " ".repeat(textWidth(label));
  const room = Math.max(1, width - textWidth(label) - 1);
  const lines = linesOf(chars);
  const at = lines.findLastIndex((l) => l.start <= cursor);
  const first = Math.max(0, Math.min(at - INPUT_MAX_ROWS + 1, lines.length - INPUT_MAX_ROWS));
  const shown = lines.slice(first, first + INPUT_MAX_ROWS);
  return (
    <Box width={width} height={shown.length} flexDirection="column">
      {shown.map((line, i) => (
        <Text key={first + i} wrap="truncate">
          <Text color="cyan">{first + i === 0 ? label : indent}</Text>
          {first + i === at
            ? <CursorLine chars={line.chars} cursor={cursor - line.start} room={room} />
            : fit(line.chars, room)}
        </Text>
      ))}
    </Box>
  );
}

/** The cursor's line, scrolled sideways so that the cursor shows. */
function CursorLine(
  { chars, cursor, room }: { chars: readonly string[]; cursor: number; room: number },
) {
  const start = windowStart(chars, cursor, room);
  const before = chars.slice(start, cursor).join("");
  const under = chars[cursor] ?? " ";
  const after = fit(chars.slice(cursor + 1), room - textWidth(before) - textWidth(under));
  return (
    <>
      {before}
      <Text inverse>{under}</Text>
      {after}
    </>
  );
}

/** The first code point shown, so that the text up to the cursor fits in `room` cells. */
function windowStart(chars: readonly string[], cursor: number, room: number): number {
  let start = cursor;
  let used = 1;
  while (start > 0 && used + textWidth(chars[start - 1]!) <= room) {
    used += textWidth(chars[--start]!);
  }
  return start;
}

/** As many code points as fit in `room` cells. */
function fit(chars: readonly string[], room: number): string {
  let used = 0;
  let out = "";
  for (const c of chars) {
    used += textWidth(c);
    if (used > room) break;
    out += c;
  }
  return out;
}
