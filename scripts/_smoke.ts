/**
 * The checks that a shipped program works, run the same way on a `deno bundle` output and on a
 * compiled binary: each from an empty directory, with nothing beside it.
 *
 * @module
 */
import assert from "node:assert/strict";
import denoJson from "../deno.json" with { type: "json" };
import { PROTOCOL_VERSION } from "../shared/mod.ts";
import { loadMigrations } from "../server/db/migrate.ts";
import { openServerHome } from "../server/testing/server_home.ts";
import { freePort, spawnServer } from "../server/testing/server_process.ts";
import { signUp } from "../server/testing/test_client.ts";
import { outputWithin } from "../server/testing/within.ts";
import { type ProgramName, PROGRAMS } from "./_programs.ts";

/** Bound on one run of a program (a bundle's first start compiles: seconds on a busy machine). */
const RUN_TIMEOUT_MS = 120_000;

/** How to start a program; its own arguments follow `args`. */
export interface Launch {
  path: string;
  args: readonly string[];
}

/**
 * A bundle under `deno run` with the program's permissions, and no config, lock file, npm or
 * remote imports: anything the bundle did not inline fails to load.
 */
export function bundleLaunch(program: ProgramName, file: string): Launch {
  return {
    path: Deno.execPath(),
    args: [
      "run",
      "--quiet",
      "--no-config",
      "--no-lock",
      "--no-npm",
      "--no-remote",
      ...PROGRAMS[program].permissions,
      file,
    ],
  };
}

/** A compiled binary, whose permissions are baked in. */
export function binaryLaunch(file: string): Launch {
  return { path: file, args: [] };
}

/** What a finished run printed. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `launch` with `args` in `cwd`, feeding it `stdin` when given. */
export async function runProgram(
  launch: Launch,
  args: string[],
  { cwd, env = {}, stdin }: { cwd: string; env?: Record<string, string>; stdin?: string },
): Promise<Run> {
  const child = new Deno.Command(launch.path, {
    args: [...launch.args, ...args],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await outputWithin(
    child,
    RUN_TIMEOUT_MS,
    `${launch.path} ${args.join(" ")} to exit`,
  );
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

function assertOk(run: Run): void {
  assert.equal(run.code, 0, `exit ${run.code}; stderr: ${run.stderr}`);
}

/** A name no earlier run used, for the shared database of services mode. */
function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/**
 * `chat-server`: `--version`; on a fresh CHAT_DATA_DIR it migrates and answers /readyz; it
 * registers a user (bcrypt runs in its worker); SIGTERM stops it with exit code 0. With
 * DATABASE_URL and REDIS_URL set it uses Postgres (a schema of its own) and Redis instead.
 */
export async function checkServer(t: Deno.TestContext, launch: Launch): Promise<void> {
  const cwd = await Deno.makeTempDir({ prefix: "chat_server_cwd_" });
  const home = await openServerHome("chat_server_data_");
  try {
    await t.step("--version prints the version from deno.json and the protocol", async () => {
      const run = await runProgram(launch, ["--version"], { cwd });
      assertOk(run);
      assert.equal(run.stdout, `chat-server ${denoJson.version} (protocol ${PROTOCOL_VERSION})\n`);
    });

    const server = await spawnServer({
      port: freePort(),
      home,
      env: { LOG_LEVEL: "info" },
      command: { path: launch.path, args: [...launch.args], cwd },
      // A fresh PGlite data dir runs initdb: some 15 s on a busy 2-core machine.
      readyTimeoutMs: 90_000,
    });
    try {
      await t.step("it migrates the database and answers /readyz", async () => {
        const res = await fetch(`${server.url}/readyz`);
        assert.deepEqual(await res.json(), {
          status: "ok",
          checks: { database: "ok", bus: "ok" },
        });
        const ready = server.output().split("\n").filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line)).find((log) => log.msg === "database ready");
        assert.ok(ready, `logged "database ready": ${server.output()}`);
        if (Deno.env.get("DATABASE_URL")) {
          assert.match(ready.database, /^postgres /);
        } else {
          assert.equal(ready.database, `embedded PGlite in ${home.dataDir}/pgdata`);
          assert.deepEqual(ready.applied, loadMigrations().map((m) => m.name));
        }
      });

      await t.step("it registers and logs in a user, hashing in its worker", async () => {
        const tokens = await signUp(server.url, uniqueName("smoke"));
        assert.ok(tokens.access_token);
      });

      await t.step("SIGTERM stops it with exit code 0", async () => {
        server.kill("SIGTERM");
        const { code } = await server.exited();
        assert.equal(code, 0, server.output());
      });
    } finally {
      server.kill("SIGKILL");
      await server.exited();
    }
  } finally {
    await Deno.remove(cwd, { recursive: true });
    await home.close();
  }
}

/**
 * `chat-tui` against the server at `serverUrl`: `--version`, then `login --password-stdin`,
 * `create`, `send` and `history` as a scripted user would, its credentials in a temporary
 * XDG_CONFIG_HOME.
 */
export async function checkTui(
  t: Deno.TestContext,
  launch: Launch,
  serverUrl: string,
): Promise<void> {
  const cwd = await Deno.makeTempDir({ prefix: "chat_tui_cwd_" });
  const configHome = await Deno.makeTempDir({ prefix: "chat_tui_config_" });
  const run = (args: string[], stdin?: string) =>
    runProgram(launch, ["--server", serverUrl, ...args], {
      cwd,
      env: { XDG_CONFIG_HOME: configHome },
      ...(stdin === undefined ? {} : { stdin }),
    });
  try {
    await t.step("--version prints the version from deno.json and the protocol", async () => {
      const version = await runProgram(launch, ["--version"], { cwd });
      assertOk(version);
      assert.equal(version.stdout, `chat-tui ${denoJson.version} (protocol ${PROTOCOL_VERSION})\n`);
    });

    const username = uniqueName("tui");
    const room = uniqueName("room");
    await signUp(serverUrl, username);

    await t.step("login --password-stdin logs in", async () => {
      const login = await run(
        ["login", "--username", username, "--password-stdin"],
        "password123\n",
      );
      assertOk(login);
      assert.equal(login.stdout, `logged in as ${username} on ${serverUrl}\n`);
    });

    await t.step("send posts a message that history then shows", async () => {
      assertOk(await run(["create", room]));
      assertOk(await run(["send", room], "hello from chat-tui\n"));
      const history = await run(["history", room, "--json"]);
      assertOk(history);
      const messages = JSON.parse(history.stdout);
      assert.deepEqual(
        messages.map((m: { sender: { username: string }; text: string }) => [
          m.sender.username,
          m.text,
        ]),
        [[username, "hello from chat-tui"]],
      );
    });
  } finally {
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(configHome, { recursive: true });
  }
}
