/**
 * `deno task bundle`: each program as one self-contained JavaScript file, `dist/chat-server.js`
 * and `dist/chat-tui.js`, runnable with `deno run` from any directory with nothing beside it.
 *
 * `deno bundle` inlines the module graph (npm packages, the migrations, PGlite's WebAssembly)
 * but leaves two things a compiled binary handles differently, which this script completes:
 *
 * - A Web Worker's module is not followed. `deno compile` gets it with `--include`; here it is
 *   bundled on its own and inlined as a `blob:` URL in place of its `new URL(...)`.
 * - An npm import that a dependency takes only on a path the program never runs is hoisted to
 *   the top of the bundle and would fail at load; it is replaced with `undefined`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type Program, type ProgramName, PROGRAMS, REPO_ROOT } from "./_programs.ts";

/**
 * Bundles `program` into the single file `output`.
 *
 * @param program which program
 * @param output path of the JavaScript file to write (its folder must exist)
 * @throws when `deno bundle` fails, or the code to inline a worker or leave out an import is not
 * where it is expected
 *
 * @example Bundling the server into a temporary folder
 * ```ts ignore
 * const dir = await Deno.makeTempDir();
 * await bundleProgram("chat-server", `${dir}/chat-server.js`);
 * ```
 */
export async function bundleProgram(program: ProgramName, output: string): Promise<void> {
  const spec: Program = PROGRAMS[program];
  let code = await denoBundle(spec.entry, Object.keys(spec.unusedImports));
  for (const worker of spec.workers) {
    const workerCode = await denoBundle(worker.path, []);
    code = replaceOnce(
      code,
      `new URL(${JSON.stringify(worker.specifier)}, import.meta.url)`,
      `new URL(URL.createObjectURL(new Blob([${
        JSON.stringify(workerCode)
      }], { type: "text/javascript" })))`,
      `the worker ${worker.path}`,
    );
  }
  for (const name of Object.keys(spec.unusedImports)) {
    const statement = new RegExp(`^import (\\w+) from ${JSON.stringify(name)};$`, "gm");
    if (!statement.test(code)) {
      throw new Error(`Cannot leave out "${name}": no "import … from" of it in the bundle`);
    }
    code = code.replace(
      statement,
      `const $1 = undefined; // ${name}: not bundled, ${spec.unusedImports[name]}`,
    );
  }
  await Deno.writeTextFile(output, code);
}

/** Runs `deno bundle` on `entry` and returns the JavaScript. */
async function denoBundle(entry: string, external: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "chat_bundle_" });
  try {
    const output = `${dir}/out.js`;
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform=deno",
        ...external.map((name) => `--external=${name}`),
        `--output=${output}`,
        entry,
      ],
      cwd: REPO_ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(`Cannot bundle "${entry}": ${new TextDecoder().decode(stderr).trim()}`);
    }
    return await Deno.readTextFile(output);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function replaceOnce(code: string, search: string, replacement: string, what: string): string {
  const count = code.split(search).length - 1;
  if (count !== 1) {
    throw new Error(
      `Cannot inline ${what}: expected "${search}" once in the bundle, found ${count}`,
    );
  }
  return code.replace(search, () => replacement);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      "out-dir": { type: "string", default: "dist" },
      // One program only, e.g. for `deno task install:tui`.
      program: { type: "string" },
    },
  });
  const outDir = values["out-dir"];
  const all = Object.keys(PROGRAMS) as ProgramName[];
  const only = values.program;
  if (only !== undefined && !all.includes(only as ProgramName)) {
    throw new Error(`Unknown program "${only}": one of ${all.join(", ")}`);
  }
  await Deno.mkdir(outDir, { recursive: true });
  for (const program of only === undefined ? all : [only as ProgramName]) {
    const output = `${outDir}/${program}.js`;
    await bundleProgram(program, output);
    const { size } = await Deno.stat(output);
    console.log(`${output} (${(size / 1e6).toFixed(1)} MB)`);
  }
}
