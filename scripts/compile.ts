/**
 * `deno task compile`: `dist/chat-server` and `dist/chat-tui`, single binaries built with
 * `deno compile` for this machine; `--target <triple>` builds `dist/<triple>/…` for another
 * platform and `--all` for every one of {@linkcode TARGETS}.
 *
 * `deno compile` appends the program to a runtime binary, denort, which it downloads once per
 * target and Deno version. Where that download is impossible, `DENORT_BIN` names a local denort
 * (for one target: the one it was built for).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type Program, type ProgramName, PROGRAMS, REPO_ROOT } from "./_programs.ts";

/** The platforms `deno compile --target` accepts. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** One of {@linkcode TARGETS}. */
export type Target = typeof TARGETS[number];

/**
 * The `deno compile` arguments that build `program` into `output`.
 *
 * @param program which program
 * @param output path of the binary (Windows targets get `.exe` added by `deno compile`)
 * @param target the platform, or this machine's when undefined
 * @returns the arguments after `deno`
 *
 * @example The server for Linux on ARM
 * ```ts
 * import { compileArgs } from "./compile.ts";
 * const args = compileArgs("chat-server", "dist/aarch64-unknown-linux-gnu/chat-server", "aarch64-unknown-linux-gnu");
 * ```
 */
export function compileArgs(program: ProgramName, output: string, target?: Target): string[] {
  const spec: Program = PROGRAMS[program];
  return [
    "compile",
    "--quiet",
    ...(target ? [`--target=${target}`] : []),
    `--output=${output}`,
    ...spec.compileFlags,
    ...spec.permissions,
    spec.entry,
  ];
}

/** `deno compile` failed; `message` says why in one line, `detail` is its own output. */
export class CompileError extends Error {
  /** What `deno compile` wrote to stderr. */
  readonly detail: string;
  constructor(message: string, detail: string) {
    super(message);
    this.name = "CompileError";
    this.detail = detail;
  }
}

/**
 * Runs `deno compile` for `program`.
 *
 * @param program which program
 * @param output path of the binary
 * @param target the platform, or this machine's when undefined
 * @throws {CompileError} when `deno compile` fails, saying so plainly when denort could not be
 * downloaded, or when DENORT_BIN is set and `target` is another platform's
 */
export async function compileProgram(
  program: ProgramName,
  output: string,
  target?: Target,
): Promise<void> {
  if (target && target !== Deno.build.target && Deno.env.get("DENORT_BIN")) {
    // deno compile would append the program to that one runtime whatever the target.
    throw new CompileError(
      `Cannot compile "${program}" for ${target}: DENORT_BIN is a runtime for this machine ` +
        `(${Deno.build.target}); unset it to build for other targets`,
      "",
    );
  }
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: compileArgs(program, output, target),
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (code === 0) return;
  const detail = new TextDecoder().decode(stderr).trim();
  const where = target ?? "this machine";
  if (/denort|base binary/i.test(detail)) {
    throw new CompileError(
      `Cannot compile "${program}" for ${where}: deno compile could not get its runtime ` +
        `(denort ${Deno.version.deno}); set DENORT_BIN to a denort binary for that target`,
      detail,
    );
  }
  throw new CompileError(`Cannot compile "${program}" for ${where}: deno compile failed`, detail);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string", multiple: true, default: [] },
      all: { type: "boolean", default: false },
      "out-dir": { type: "string", default: "dist" },
    },
  });
  const unknown = values.target.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length) {
    console.error(`compile: unknown target "${unknown[0]}": use one of ${TARGETS.join(", ")}`);
    Deno.exit(2);
  }
  const targets: (Target | undefined)[] = values.all
    ? [...TARGETS]
    : values.target.length
    ? values.target as Target[]
    : [undefined];
  let failed = false;
  for (const target of targets) {
    const dir = target ? `${values["out-dir"]}/${target}` : values["out-dir"];
    for (const program of Object.keys(PROGRAMS) as ProgramName[]) {
      try {
        await compileProgram(program, `${dir}/${program}`, target);
        console.log(`${dir}/${program}${target?.includes("windows") ? ".exe" : ""}`);
      } catch (err) {
        if (!(err instanceof CompileError)) throw err;
        console.error(`compile: ${err.message}`);
        if (err.detail) console.error(err.detail.replace(/^/gm, "  "));
        failed = true;
      }
    }
  }
  if (failed) Deno.exit(1);
}
