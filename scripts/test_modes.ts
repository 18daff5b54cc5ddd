/**
 * Sorts the test files into those whose outcome depends on the test mode and those whose outcome
 * does not, so that CI runs the first kind in both modes (embedded, then services) and the second
 * kind once.
 *
 * The rule is read from the code, so nobody has to keep a list: a test file depends on the mode
 * when it, or a module it imports (statically, transitively, not `import type`), reads
 * `DATABASE_URL` or `REDIS_URL` with `Deno.env.get` or calls `testMode()`. That covers every
 * helper that picks a database or a bus (`server/testing/test_database.ts`, `test_server.ts`,
 * `server_process.ts`) and every test that asks for the mode itself.
 *
 * Usage: `deno run --allow-read scripts/test_modes.ts` prints one line per test file,
 * `both <path>` or `once <path>`, paths relative to the repository root.
 *
 * @module
 */

/** Folders that hold tests, relative to the repository root. */
export const TEST_ROOTS = ["server", "shared", "tui", "scripts"] as const;

/** A module that reads the mode: a services variable, or the helper that reports the mode. */
export const READS_MODE =
  /Deno\.env\.get\(\s*["'](?:DATABASE_URL|REDIS_URL)["']\s*\)|\btestMode\(\)/;

/** A test file, as Deno's default test pattern names them. */
const TEST_FILE = /_test\.tsx?$/;

/**
 * Relative specifiers a module loads when it runs: static imports and re-exports that are not
 * type-only, side-effect imports, and dynamic imports of a string literal.
 *
 * @param source the module's text
 * @returns the specifiers as written, e.g. `"../testing/test_server.ts"`
 */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const statement =
    /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^"';]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const [, , typeOnly, specifier] of source.matchAll(statement)) {
    if (!typeOnly) found.push(specifier!);
  }
  for (const [, specifier] of source.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) {
    found.push(specifier!);
  }
  return found;
}

/**
 * Whether each given module depends on the mode, following relative runtime imports.
 *
 * @param read returns a module's text by file URL (a stub in tests)
 * @returns a function from a module's file URL to true when it, or what it imports, reads the mode
 */
export function modeDependence(read: (url: URL) => string): (url: URL) => boolean {
  /** Per module: whether it reads the mode itself, and the modules it loads. */
  const modules = new Map<string, { reads: boolean; loads: URL[] }>();
  const module = (url: URL) => {
    let known = modules.get(url.href);
    if (!known) {
      const source = read(url);
      known = {
        reads: READS_MODE.test(withoutComments(source)),
        loads: runtimeImports(source).map((specifier) => new URL(specifier, url)),
      };
      modules.set(url.href, known);
    }
    return known;
  };
  return (start) => {
    const seen = new Set([start.href]);
    const todo = [start];
    for (let url = todo.pop(); url; url = todo.pop()) {
      const { reads, loads } = module(url);
      if (reads) return true;
      for (const next of loads) {
        if (!seen.has(next.href)) {
          seen.add(next.href);
          todo.push(next);
        }
      }
    }
    return false;
  };
}

/** `source` without block and line comments (a doc comment may name what it does not call). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'])\/\/.*$/gm, "$1");
}

/** One test file and how often CI runs it. */
export interface TestFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  /** `both`: embedded and services mode; `once`: embedded mode only. */
  runs: "both" | "once";
}

/**
 * Every test file under {@linkcode TEST_ROOTS}, sorted by path, with the modes it runs in.
 *
 * @param root the repository root as a file URL ending in `/`
 */
export function testFiles(root: URL): TestFile[] {
  // A specifier that names no file comes from a string that looks like an import (a test's
  // fixture): it loads nothing.
  const depends = modeDependence((url) => {
    try {
      return Deno.readTextFileSync(url);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return "";
      throw err;
    }
  });
  const paths: string[] = [];
  const walk = (dir: URL) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      if (entry.isDirectory) walk(new URL(`${entry.name}/`, dir));
      else if (TEST_FILE.test(entry.name)) {
        paths.push(new URL(entry.name, dir).href.slice(root.href.length));
      }
    }
  };
  for (const folder of TEST_ROOTS) walk(new URL(`${folder}/`, root));
  return paths.sort().map((path) => ({
    path,
    runs: depends(new URL(path, root)) ? "both" : "once",
  }));
}

if (import.meta.main) {
  const root = new URL("../", import.meta.url);
  for (const { path, runs } of testFiles(root)) console.log(`${runs} ${path}`);
}
