/**
 * Feedback under the messages: output of /help and /who, results of commands, errors.
 *
 * @module
 */
import { Box, Text } from "ink";
import type { Notice } from "../state/chat_state.ts";
import { sanitize } from "../state/text_width.ts";

/** Notices taller than this are cut, so the messages stay in view. */
export const NOTICE_MAX_ROWS = 12;

/** Rows a notice takes on screen. */
export function noticeRows(notice: Notice | null): number {
  return notice ? Math.min(NOTICE_MAX_ROWS, notice.lines.length) : 0;
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
    <Box flexDirection="column" width={width} height={noticeRows(notice)}>
      {notice.lines.slice(0, NOTICE_MAX_ROWS).map((line, i) => (
        <Text key={i} color={notice.level === "error" ? "red" : "gray"} wrap="truncate">
          {`-!- ${sanitize(line)}`}
        </Text>
      ))}
    </Box>
  );
}
