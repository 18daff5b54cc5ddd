import assert from "node:assert/strict";
import type { BenchReport } from "./_report.ts";

Deno.test({
  name: "deno task bench --quick exits 0 with no message lost or duplicated (embedded)",
  // The server and the load generator run as their own processes and are stopped before the end.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const started = performance.now();
    const { code, stdout } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./bench.ts", import.meta.url).pathname,
        "--quick",
        "--mode",
        "embedded",
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const out = new TextDecoder().decode(stdout);
    assert.equal(code, 0, out);
    const file = out.match(/^results: (.+)$/m)?.[1];
    assert.ok(file, `no results line in:\n${out}`);
    const report: BenchReport = JSON.parse(await Deno.readTextFile(file));
    assert.equal(report.chat.load.lost, 0);
    assert.equal(report.chat.load.duplicated, 0);
    assert.ok(report.chat.load.acked > 0, "messages were acknowledged");
    assert.equal(report.bare?.load.lost, 0);
    console.log(`bench --quick took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  },
});
