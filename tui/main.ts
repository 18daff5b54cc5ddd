/**
 * Entry point of `chat-tui`: `deno task tui -- <args>` from source, or the compiled binary.
 *
 * @module
 */
import { describeFailure } from "./cli/errors.ts";
import { caFileArgument, trustCaFile } from "./client/trust_ca.ts";

// Deno builds its TLS trust store once, and the chat screen's dependencies (ink) make it build
// as they load: a private CA must be in DENO_CERT before the commands' modules are imported.
const caFile = caFileArgument(Deno.args) ?? Deno.env.get("CHAT_CA_FILE");
if (caFile) {
  try {
    await trustCaFile(caFile);
  } catch (err) {
    console.error(describeFailure(err, "").line);
    Deno.exit(1);
  }
}
const { runCli } = await import("./cli/run_cli.ts");

// An explicit exit: prompt libraries and sockets may hold handles open after the command ends.
Deno.exit(await runCli(Deno.args));
