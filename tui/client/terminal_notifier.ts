/**
 * Notifications through the terminal itself (issue 14): the bell (BEL), and a desktop
 * notification by the terminal's own escape sequence, OSC 9 (iTerm2, Windows Terminal, kitty,
 * WezTerm) or OSC 777 (rxvt-unicode, foot, Ghostty, WezTerm). No process is spawned and nothing
 * leaves the terminal: over SSH the notification shows where the user sits.
 *
 * @module
 */
import { sanitize } from "../state/text_width.ts";

/** What to notify with; both off is `--no-notify`. */
export interface NotifyChannels {
  bell: boolean;
  desktop: boolean;
}

/** Which desktop-notification sequence the terminal understands. */
export type DesktopSequence = "osc9" | "osc777";

/**
 * The sequence for the terminal named by `env` (`TERM_PROGRAM`, `TERM`): OSC 9 for iTerm2,
 * Windows Terminal and kitty, OSC 777 otherwise.
 */
export function desktopSequenceFor(env: { TERM_PROGRAM?: string; TERM?: string }): DesktopSequence {
  const program = env.TERM_PROGRAM ?? "";
  if (program === "iTerm.app" || program === "WezTerm" || (env.TERM ?? "").includes("kitty")) {
    return "osc9";
  }
  return "osc777";
}

/**
 * The bytes that ring and notify: BEL, then the desktop sequence with `title` and `body` made
 * safe (no control characters, so no text can end the sequence early; `;` is the field separator
 * of OSC 777, so it becomes `,`).
 *
 * @example A mention
 * ```ts
 * import { notificationBytes } from "./terminal_notifier.ts";
 * notificationBytes({ bell: true, desktop: true }, "osc777", "#ops", "alice: @bob deploy?");
 * // "\u0007\u001b]777;notify;#ops;alice: @bob deploy?\u0007"
 * ```
 */
export function notificationBytes(
  channels: NotifyChannels,
  sequence: DesktopSequence,
  title: string,
  body: string,
): string {
  let out = channels.bell ? "\u0007" : "";
  if (channels.desktop) {
    const clean = (text: string) => sanitize(text).replaceAll(";", ",").slice(0, 200);
    out += sequence === "osc9"
      ? `\u001b]9;${clean(`${title}: ${body}`)}\u0007`
      : `\u001b]777;notify;${clean(title)};${clean(body)}\u0007`;
  }
  return out;
}
