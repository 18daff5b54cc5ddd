/**
 * Entry point of `chat-tui`: `deno task tui -- <args>` from source, or the compiled binary.
 *
 * @module
 */
import { runCli } from "./cli/run_cli.ts";

// An explicit exit: prompt libraries and sockets may hold handles open after the command ends.
Deno.exit(await runCli(Deno.args));
