/**
 * What Enter does with the input line: send it as a message, run it as a slash command, or finish
 * what the line composes (an edit, a reply, a reaction).
 *
 * @module
 */
import { useCallback } from "react";
import type { Outbox } from "../client/outbox.ts";
import type { ActionQueue } from "../client/action_queue.ts";
import type { ChatState, Compose } from "../state/chat_state.ts";
import { type ParsedInput, parseInput } from "../state/slash_commands.ts";
import { type ChatApi, type Dispatch, showError } from "./chat_effects.ts";
import { type CommandContext, emojiArgument, runCommand, sendMessage } from "./command_handlers.ts";
import { editMessage, toggleReaction } from "./message_actions.ts";
import { useLatest } from "./use_latest.ts";

/** What {@linkcode useSubmit} needs. */
export interface SubmitDeps {
  api: ChatApi;
  outbox: Outbox;
  actions: ActionQueue;
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
      const compose = ctx.state.compose;
      if (compose && parsed.type !== "command") composed(ctx, compose, parsed);
      else if (parsed.type === "text") sendMessage(ctx, parsed.text, "text");
      else if (parsed.type === "command") void runCommand(parsed.command, ctx);
      else if (parsed.type === "invalid") {
        ctx.dispatch({ type: "notice_shown", notice: { level: "error", lines: [parsed.error] } });
      }
    } catch (err) {
      showError(ctx.dispatch, err);
    }
  }, [latest]);
}

/** Enter while editing, answering or reacting: an empty line gives up. */
function composed(ctx: CommandContext, compose: Compose, parsed: ParsedInput): void {
  if (parsed.type !== "text") return ctx.dispatch({ type: "compose_ended" });
  const { message } = compose;
  if (compose.type === "edit") editMessage(ctx, message, parsed.text);
  else if (compose.type === "reply") sendMessage(ctx, parsed.text, "text", message);
  else if (compose.type === "react") toggleReaction(ctx, message, emojiArgument(parsed.text));
}
