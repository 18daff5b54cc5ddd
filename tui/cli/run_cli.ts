/**
 * Runs `chat-tui` with arguments and turns every outcome into an exit code: expected failures
 * print one line on stderr, without a stack.
 *
 * @module
 */
import { CommanderError } from "commander";
import { describeFailure } from "./errors.ts";
import { printError } from "./output.ts";
import { buildProgram, DEFAULT_SERVER } from "./program.ts";

/**
 * Parses `args` and runs the command.
 *
 * @param args the arguments after the program name
 * @returns the exit code: 0 on success, 130 when a prompt was cancelled, 1 otherwise
 *
 * @example The entry point
 * ```ts ignore
 * Deno.exit(await runCli(Deno.args));
 * ```
 */
export async function runCli(args: string[]): Promise<number> {
  const program = buildProgram();
  // `deno task tui -- <args>` passes the `--` on; nothing else puts one first.
  const userArgs = args[0] === "--" ? args.slice(1) : args;
  try {
    await program.parseAsync(userArgs, { from: "user" });
    return 0;
  } catch (err) {
    // Commander has already printed its message (usage error) or the help or version.
    if (err instanceof CommanderError) return err.exitCode;
    const serverUrl = program.opts<{ server?: string }>().server ?? DEFAULT_SERVER;
    const failure = describeFailure(err, serverUrl);
    printError(failure.line);
    if (Deno.env.get("CHAT_TUI_DEBUG")) console.error(err);
    return failure.exitCode;
  }
}
