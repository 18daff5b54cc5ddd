/** The served OpenAPI document passes Redocly CLI's `recommended` rules without errors. */
import assert from "node:assert/strict";
import { ciTool } from "../testing/ci_tools.ts";
import { startTestServer } from "../testing/test_server.ts";

interface Problem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer: string }[];
}

Deno.test("the OpenAPI document has no errors by Redocly CLI's recommended rules", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir({ prefix: "openapi-lint-" });
  try {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).text();
    await Deno.writeTextFile(`${dir}/openapi.json`, doc);
    const { stdout, stderr } = await new Deno.Command(ciTool("redocly"), {
      args: ["lint", "--extends=recommended", "--format=json", `${dir}/openapi.json`],
      env: { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.ok(
      text.trim().startsWith("{"),
      `redocly printed no report:\n${new TextDecoder().decode(stderr)}`,
    );
    const report: { totals: { errors: number }; problems: Problem[] } = JSON.parse(text);
    const errors = report.problems.filter((p) => p.severity === "error")
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    assert.deepEqual(errors, []);
    assert.equal(report.totals.errors, 0);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
