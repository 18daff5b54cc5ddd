/**
 * `deno bundle` makes chat-server one JavaScript file that runs with nothing beside it: the
 * migrations, PGlite's WebAssembly and the bcrypt worker are all inside. This is what a compiled
 * binary embeds (`deno compile --bundle`), proven here where denort cannot be downloaded.
 */
import assert from "node:assert/strict";
import { bundleProgram } from "../../scripts/bundle.ts";
import { bundleLaunch, checkServer } from "../../scripts/_smoke.ts";

Deno.test("the chat-server bundle runs from an empty directory", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "chat_server_bundle_" });
  const file = `${dir}/chat-server.js`;
  try {
    await t.step("deno bundle writes one self-contained file", async () => {
      await bundleProgram("chat-server", file);
      const entries = await Array.fromAsync(Deno.readDir(dir));
      assert.deepEqual(entries.map((e) => e.name), ["chat-server.js"]);
    });
    await checkServer(t, bundleLaunch("chat-server", file));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
