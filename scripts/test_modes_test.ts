import assert from "node:assert/strict";
import { modeDependence, runtimeImports, testFiles } from "./test_modes.ts";

Deno.test("runtimeImports() finds imports and re-exports that run, not type-only ones", () => {
  const source = [
    'import assert from "node:assert/strict";',
    'import { a } from "./a.ts";',
    'import type { B } from "./b.ts";',
    'export { c } from "../c.ts";',
    'export type { D } from "./d.ts";',
    'import "./side_effect.ts";',
    'const e = await import("./e.ts");',
    "import {\n  f,\n  type G,\n} from './f.ts';",
  ].join("\n");
  assert.deepEqual(runtimeImports(source), [
    "./a.ts",
    "../c.ts",
    "./side_effect.ts",
    "./f.ts",
    "./e.ts",
  ]);
});

/** A call that reads the variable `name`, spelled so that this file itself does not read it. */
const envGet = (name: string) => `Deno.env.get(${JSON.stringify(name)})`;

Deno.test("modeDependence() follows imports, through cycles, to a module that reads the mode", () => {
  const files: Record<string, string> = {
    "/t/db_test.ts": 'import { open } from "./harness.ts";',
    "/t/harness.ts": 'import "./cycle.ts";',
    "/t/cycle.ts": 'import "./harness.ts";\nimport "./reader.ts";',
    "/t/reader.ts": `const url = ${envGet("DATABASE_URL")};`,
    "/t/pure_test.ts": 'import type { T } from "./harness.ts";\nimport "./cycle_free.ts";',
    "/t/cycle_free.ts": "export const x = 1;",
    "/t/mode_test.ts": `Deno.test({ ignore: ${"testMode"}() === "embedded" });`,
    "/t/redis_test.ts": `const r = ${envGet("REDIS_URL")};`,
    "/t/commented_test.ts": `/** Unlike ${
      envGet("REDIS_URL")
    }, */\n// nor ${"testMode"}()\nconst x = 1;`,
  };
  const depends = modeDependence((url) => files[url.pathname]!);
  const at = (path: string) => depends(new URL(`file://${path}`));
  assert.equal(at("/t/db_test.ts"), true);
  assert.equal(at("/t/cycle.ts"), true, "a cycle through a mode reader depends on the mode");
  assert.equal(at("/t/pure_test.ts"), false, "a type-only import runs nothing");
  assert.equal(at("/t/mode_test.ts"), true);
  assert.equal(at("/t/redis_test.ts"), true);
  assert.equal(at("/t/commented_test.ts"), false, "comments are not code");
});

Deno.test("testFiles() runs server tests in both modes and pure reducer tests once", () => {
  const files = testFiles(new URL("../", import.meta.url));
  const runs = (path: string) => files.find((f) => f.path === path)?.runs;
  assert.equal(runs("server/tests/crash_test.ts"), "both", "spawned servers use the mode's db");
  assert.equal(runs("server/store/store_test.ts"), "both");
  assert.equal(runs("server/store/group_commit_test.ts"), "once");
  assert.equal(runs("tui/state/quit_test.ts"), "once");
  assert.equal(runs("scripts/test_modes_test.ts"), "once");
});
