import assert from "node:assert/strict";
import { ignoreUnless } from "../server/testing/ignore_unless.ts";
import { startTestServer } from "../server/testing/test_server.ts";
import { binaryLaunch, checkServer, checkTui } from "./_smoke.ts";
import { compileArgs, compileProgram } from "./compile.ts";

Deno.test("compileArgs() bakes in each program's permissions and targets a platform", () => {
  assert.deepEqual(
    compileArgs("chat-server", "dist/x86_64-pc-windows-msvc/chat-server", "x86_64-pc-windows-msvc"),
    [
      "compile",
      "--quiet",
      "--target=x86_64-pc-windows-msvc",
      "--output=dist/x86_64-pc-windows-msvc/chat-server",
      "--bundle",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-sys=hostname",
      "server/main.ts",
    ],
  );
  assert.deepEqual(compileArgs("chat-tui", "dist/chat-tui"), [
    "compile",
    "--quiet",
    "--output=dist/chat-tui",
    "--node-modules-dir=none",
    "--exclude-unused-npm",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--allow-write",
    "tui/main.ts",
  ]);
});

Deno.test(ignoreUnless(!!Deno.env.get("DENORT_BIN"), "needs DENORT_BIN: no denort here", {
  name: "the compiled binaries run from an empty directory",
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "chat_compile_" });
    try {
      await t.step("deno compile builds both binaries", async () => {
        await compileProgram("chat-server", `${dir}/chat-server`);
        await compileProgram("chat-tui", `${dir}/chat-tui`);
      });
      await checkServer(t, binaryLaunch(`${dir}/chat-server`));
      const server = await startTestServer();
      try {
        await checkTui(t, binaryLaunch(`${dir}/chat-tui`), server.url);
      } finally {
        await server.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
}));
