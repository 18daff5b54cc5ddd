/**
 * The two programs this repository ships, as `deno compile` and `deno bundle` need to know them:
 * entry module, the permissions baked into the binary, and what the module graph alone does not
 * show (a Web Worker's module, an import only taken in development).
 *
 * @module
 */

/** A Web Worker spawned as `new Worker(new URL("<specifier>", import.meta.url))`. */
export interface WorkerModule {
  /** The worker's module, relative to the repository root. */
  path: string;
  /** The literal the spawning module passes to `new URL`, e.g. `"./bcrypt_worker.ts"`. */
  specifier: string;
}

/** How to build one program. */
export interface Program {
  /** Entry module, relative to the repository root. */
  entry: string;
  /** Permission flags, baked into the compiled binary and used to run the bundle. */
  permissions: readonly string[];
  /** `deno compile` flags besides the permissions. */
  compileFlags: readonly string[];
  /** Worker modules, which `scripts/bundle.ts` inlines. */
  workers: readonly WorkerModule[];
  /**
   * npm packages a dependency imports from code the program never runs; a bundle replaces the
   * import with `undefined`. The value says why it is safe.
   */
  unusedImports: Readonly<Record<string, string>>;
}

/** The programs by binary name. */
export const PROGRAMS = {
  "chat-server": {
    entry: "server/main.ts",
    // sys: pino logs os.hostname(). read/write: CHAT_DATA_DIR, known only at run time.
    permissions: [
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-sys=hostname",
    ],
    // --bundle: compiles the same esbuild bundle that `deno bundle` makes and the bundle test
    // runs, and follows the bcrypt worker by itself. Without it, deno compile 2.9.6 overflows its
    // stack while embedding node_modules once prom-client's dependency bintrees is in it (as in
    // denoland/deno#36746).
    compileFlags: ["--bundle"],
    workers: [{ path: "server/auth/bcrypt_worker.ts", specifier: "./bcrypt_worker.ts" }],
    unusedImports: {},
  },
  "chat-tui": {
    entry: "tui/main.ts",
    // read/write: the credentials file under $XDG_CONFIG_HOME.
    permissions: ["--allow-net", "--allow-env", "--allow-read", "--allow-write"],
    // Embeds the npm packages the TUI imports, not the whole node_modules (no PGlite, and no
    // stack overflow on bintrees). Not --bundle: esbuild cannot resolve Ink's import of
    // react-devtools-core, and deno compile has no --external.
    compileFlags: ["--node-modules-dir=none", "--exclude-unused-npm"],
    workers: [],
    unusedImports: {
      "react-devtools-core": "Ink imports it only when DEV=true, to connect React DevTools",
    },
  },
} as const satisfies Record<string, Program>;

/** `chat-server` or `chat-tui`. */
export type ProgramName = keyof typeof PROGRAMS;

/** The repository root, where `deno.json` is. */
export const REPO_ROOT: URL = new URL("../", import.meta.url);
