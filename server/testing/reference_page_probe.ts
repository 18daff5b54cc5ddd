/**
 * Loads the API reference page in headless Chromium with playwright-core and prints what it shows
 * as JSON on stdout: `{operations, login, asyncapiHref, elsewhere}`. It is a program of its own
 * because playwright-core reads `/proc/sys/fs/binfmt_misc/WSLInterop` when it loads, which Deno
 * allows only with `--allow-all`, more than `deno task test` grants; the test runs it with `-A`.
 *
 * Usage: `deno run -A reference_page_probe.ts <page url> <chromium> [screenshot.png]`
 *
 * @module
 */
import { chromium } from "playwright-core";

/** What the page showed. */
export interface PageProbe {
  /** How many operations the page lists. */
  operations: number;
  /** The text of the login operation's summary line. */
  login: string;
  /** Where the "AsyncAPI document" link points. */
  asyncapiHref: string | null;
  /** Requests to other origins than the page's. */
  elsewhere: string[];
  /** Whether the screenshot starts with the PNG signature. */
  png: boolean;
}

/** Flags for Chromium in a container without a display, a GPU or network beyond localhost. */
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

/** Loads `url` and waits for the login operation to render. */
export async function probe(url: string, executablePath: string, screenshot?: string) {
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const origin = new URL(url).origin;
    const elsewhere: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).origin !== origin) elsewhere.push(r.url());
    });
    await page.goto(url);
    const login = page.locator("#operations-auth-login");
    await login.waitFor({ state: "visible", timeout: 60_000 });
    const image = await page.screenshot();
    if (screenshot) await Deno.writeFile(screenshot, image);
    return {
      operations: await page.locator(".opblock").count(),
      login: await login.locator(".opblock-summary").first().innerText(),
      asyncapiHref: await page.getByRole("link", { name: "AsyncAPI document" }).getAttribute(
        "href",
      ),
      elsewhere,
      png: image.subarray(1, 4).every((b, i) => b === [0x50, 0x4e, 0x47][i]),
    } satisfies PageProbe;
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const [url, executablePath, screenshot] = Deno.args;
  if (!url || !executablePath) {
    throw new Error("Usage: reference_page_probe.ts <url> <chromium> [png]");
  }
  console.log(JSON.stringify(await probe(url, executablePath, screenshot)));
}
