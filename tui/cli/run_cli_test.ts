import assert from "node:assert/strict";
import { runCli } from "./run_cli.ts";

/** Runs the CLI in-process, collecting what it writes to stderr through console.error. */
async function run(args: string[]): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...data: unknown[]) => errors.push(data.join(" "));
  try {
    return { code: await runCli(args), errors };
  } finally {
    console.error = original;
  }
}

Deno.test("runCli() drops the `--` that `deno task tui -- <args>` passes on", async () => {
  assert.deepEqual(await run(["--", "unknown-command"]), {
    code: 1,
    errors: ['unknown command "unknown-command": see chat-tui --help'],
  });
});

Deno.test("runCli() reports a server URL that is not http(s) before doing anything", async () => {
  const { code } = await run(["--server", "ftp://example.com", "whoami"]);
  assert.equal(code, 1);
});
