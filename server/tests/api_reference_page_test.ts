/**
 * `GET /api/v1/docs` renders in a real browser (Debian's chromium, headless, driven by
 * playwright-core in `reference_page_probe.ts`) from files this server serves: every operation of
 * the OpenAPI document is listed, login among them, and the page links to the AsyncAPI document.
 * Set API_REFERENCE_SCREENSHOT to a path to save a screenshot there (docs/api-reference.png).
 */
import assert from "node:assert/strict";
import type { PageProbe } from "../testing/reference_page_probe.ts";
import { startTestServer } from "../testing/test_server.ts";

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
const PROBE = new URL("../testing/reference_page_probe.ts", import.meta.url).pathname;

Deno.test("the API reference page lists every operation in headless Chromium", async () => {
  try {
    Deno.statSync(CHROMIUM);
  } catch {
    throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item as object));
    const screenshot = Deno.env.get("API_REFERENCE_SCREENSHOT");
    const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        PROBE,
        `${server.url}/api/v1/docs`,
        CHROMIUM,
        ...screenshot ? [screenshot] : [],
      ],
      stdin: "null",
    }).output();
    assert.ok(success, new TextDecoder().decode(stderr));
    const shown: PageProbe = JSON.parse(new TextDecoder().decode(stdout));
    assert.match(shown.login, /POST\s+\/api\/v1\/auth\/login/);
    assert.equal(shown.operations, operations.length);
    assert.equal(shown.asyncapiHref, "/api/v1/asyncapi.json");
    assert.deepEqual(shown.elsewhere, [], "the page loads nothing from other origins");
    assert.ok(shown.png, "a PNG screenshot");
  } finally {
    await server.close();
  }
});
