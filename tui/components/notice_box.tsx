/**
 * Feedback under the messages: output of /help and /who, results of commands, errors.
 *
 * @module
 */
import { Box, Text } from "ink";
import type { Notice } from "../state/chat_state.ts";
import { sanitize, wrapText } from "../state/text_width.ts";

/** Notices taller than this are cut, so the messages stay in view. */
export const NOTICE_MAX_ROWS = 12;

/** The notice's rows at `width` cells: each line prefixed with `-!- ` and wrapped. */
function noticeLines(notice: Notice, width: number): string[] {
  const rows = notice.lines.flatMap((line) =>
    wrapText(`-!- ${sanitize(line)}`, Math.max(1, width))
  );
  return rows.slice(0, NOTICE_MAX_ROWS);
}

/** Rows a notice takes on screen at `width` cells. */
export function noticeRows(notice: Notice | null, width: number): number {
  return notice ? noticeLines(notice, width).length : 0;
}

/** Props of {@linkcode NoticeBox}. */
export interface NoticeBoxProps {
  notice: Notice | null;
  width: number;
}

/** The notice's lines, red for errors; nothing when there is none. */
export function NoticeBox({ notice, width }: NoticeBoxProps) {
  if (!notice) return null;
  return (
    <Box flexDirection="column" width={width} height={noticeRows(notice, width)}>
      {noticeLines(notice, width).map((row, i) => (
        <Text key={i} color={notice.level === "error" ? "red" : "gray"} wrap="truncate">
          {row}
        </Text>
      ))}
    </Box>
  );
}
