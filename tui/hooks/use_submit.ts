/**
 * What Enter does with the input line: send it as a message, or run it as a slash command.
 *
 * @module
 */
import { useCallback } from "react";
import type { Outbox } from "../client/outbox.ts";
import type { ChatState } from "../state/chat_state.ts";
import { parseInput } from "../state/slash_commands.ts";
import { type ChatApi, type Dispatch, showError } from "./chat_effects.ts";
import { type CommandContext, runCommand, sendMessage } from "./command_handlers.ts";
import { useLatest } from "./use_latest.ts";

/** What {@linkcode useSubmit} needs. */
export interface SubmitDeps {
  api: ChatApi;
  outbox: Outbox;
  state: ChatState;
  dispatch: Dispatch;
  quit: () => void;
  openResults: CommandContext["openResults"];
}

/**
 * Returns the function that handles a submitted line.
 *
 * @param deps the client, outbox, state, dispatch and how to quit
 * @returns `submit(line)`; it never throws
 */
export function useSubmit(deps: SubmitDeps): (line: string) => void {
  const latest = useLatest(deps);
  return useCallback((line: string) => {
    const ctx: CommandContext = latest.current;
    const parsed = parseInput(line);
    // A new line replaces the answer to the previous one.
    ctx.dispatch({ type: "notice_dismissed" });
    try {
      if (parsed.type === "text") sendMessage(ctx, parsed.text, "text");
      else if (parsed.type === "command") void runCommand(parsed.command, ctx);
      else if (parsed.type === "invalid") {
        ctx.dispatch({ type: "notice_shown", notice: { level: "error", lines: [parsed.error] } });
      }
    } catch (err) {
      showError(ctx.dispatch, err);
    }
  }, [latest]);
}
