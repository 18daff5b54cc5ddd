/**
 * The command-line tools of `.ci/tools` (Prism, Redocly CLI), installed by `.ci/run` with
 * `npm ci --prefix .ci/tools`. The product never runs them; the API document tests do.
 *
 * @module
 */

const BIN = new URL("../../.ci/tools/node_modules/.bin/", import.meta.url);

/**
 * The path of an installed tool's executable.
 * @throws {Error} when `.ci/tools` is not installed, saying how to install it
 */
export function ciTool(name: "prism" | "redocly"): string {
  const path = new URL(name, BIN).pathname;
  try {
    Deno.statSync(path);
  } catch {
    throw new Error(`${name} is not installed: run "npm ci --prefix .ci/tools" (node 20+)`);
  }
  return path;
}
