/**
 * The input line: a prompt naming the room, the text, and a block cursor. Long lines scroll
 * sideways so the cursor is always in view.
 *
 * @module
 */
import { Box, Text } from "ink";
import { textWidth, truncate } from "../state/text_width.ts";

/** Props of {@linkcode InputLine}. */
export interface InputLineProps {
  /** The room's label, e.g. `#general`. */
  prompt: string;
  /** The line's code points. */
  chars: readonly string[];
  /** Code point index of the cursor. */
  cursor: number;
  width: number;
}

/** `[#general] hello wor█d` */
export function InputLine({ prompt, chars, cursor, width }: InputLineProps) {
  const label = `[${truncate(prompt, Math.max(4, Math.floor(width / 4)))}] `;
  const room = Math.max(1, width - textWidth(label) - 1);
  const start = windowStart(chars, cursor, room);
  const before = chars.slice(start, cursor).join("");
  const under = chars[cursor] ?? " ";
  const after = fit(chars.slice(cursor + 1), room - textWidth(before) - textWidth(under));
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        <Text color="cyan">{label}</Text>
        {before}
        <Text inverse>{under}</Text>
        {after}
      </Text>
    </Box>
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
