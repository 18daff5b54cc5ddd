/**
 * `deno bundle` makes chat-tui one JavaScript file that runs with nothing beside it, and it
 * logs in and sends against a real server.
 */
import assert from "node:assert/strict";
import { bundleProgram } from "../../scripts/bundle.ts";
import { bundleLaunch, checkTui } from "../../scripts/_smoke.ts";
import { startTestServer } from "../../server/testing/test_server.ts";

Deno.test("the chat-tui bundle runs from an empty directory", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "chat_tui_bundle_" });
  const file = `${dir}/chat-tui.js`;
  const server = await startTestServer();
  try {
    await t.step("deno bundle writes one self-contained file", async () => {
      await bundleProgram("chat-tui", file);
      const entries = await Array.fromAsync(Deno.readDir(dir));
      assert.deepEqual(entries.map((e) => e.name), ["chat-tui.js"]);
    });
    await checkTui(t, bundleLaunch("chat-tui", file), server.url);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
