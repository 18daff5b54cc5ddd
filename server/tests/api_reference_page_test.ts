/**
 * `GET /api/v1/docs` renders in a real browser (Debian's chromium, headless, driven by
 * playwright-core) from files this server serves: every operation of the OpenAPI document is
 * listed, login among them, and the page links to the AsyncAPI document. Set
 * API_REFERENCE_SCREENSHOT to a path to save a screenshot there (docs/api-reference.png).
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startTestServer } from "../testing/test_server.ts";

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

Deno.test("the API reference page lists every operation in headless Chromium", async () => {
  try {
    Deno.statSync(CHROMIUM);
  } catch {
    throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const server = await startTestServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item as object));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url)) elsewhere.push(r.url());
    });
    await page.goto(`${server.url}/api/v1/docs`);
    const login = page.locator("#operations-auth-login");
    await login.waitFor({ state: "visible", timeout: 60_000 });
    assert.match(await login.innerText(), /POST\s+\/api\/v1\/auth\/login/);
    assert.equal(await page.locator(".opblock").count(), operations.length);
    const link = page.getByRole("link", { name: "AsyncAPI document" });
    assert.equal(await link.getAttribute("href"), "/api/v1/asyncapi.json");
    assert.deepEqual(elsewhere, [], "the page loads nothing from other origins");
    const screenshot = await page.screenshot();
    assert.deepEqual([...screenshot.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    const path = Deno.env.get("API_REFERENCE_SCREENSHOT");
    if (path) await Deno.writeFile(path, screenshot);
  } finally {
    await browser.close();
    await server.close();
  }
});
