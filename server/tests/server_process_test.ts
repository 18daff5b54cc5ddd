import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import { CLOSE_CODES, PROTOCOL_VERSION } from "../../shared/mod.ts";
import { loadMigrations } from "../db/migrate.ts";
import { createPgliteExecutor } from "../db/pglite_executor.ts";
import { createPostgresExecutor } from "../db/postgres_executor.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { openServerHome } from "../testing/server_home.ts";
import { freePort, spawnServer } from "../testing/server_process.ts";
import { within } from "../testing/within.ts";

const REPO_ROOT = new URL("../../", import.meta.url);
/** Bound on a process's exit or a socket's close after SIGTERM (the server stops within 10 s). */
const STOP_MS = 20_000;

/** `deno run -A server/main.ts` with `env` over the inherited environment. */
function serverCommand(env: Record<string, string>, args: string[] = []): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts", ...args],
    cwd: REPO_ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("the server process starts on an empty data dir and stops cleanly on SIGTERM", async () => {
  const home = await openServerHome("chat_server_");
  const port = freePort();
  const server = await spawnServer({
    port,
    home,
    // Blank counts as unset, so the development secret is generated whatever the caller's env.
    env: { JWT_SECRET: "", NODE_ENV: "", LOG_LEVEL: "info" },
  });
  let db: SqlExecutor | undefined;
  try {
    const ready = await fetch(`${server.url}/readyz`);
    assert.deepEqual(await ready.json(), {
      status: "ok",
      checks: { database: "ok", bus: "ok" },
    });

    const secret = await Deno.stat(`${home.dataDir}/jwt_secret`);
    assert.equal(secret.mode! & 0o777, 0o600, "the JWT secret is readable by its owner only");
    assert.ok((await Deno.readTextFile(`${home.dataDir}/jwt_secret`)).trim().length >= 32);

    const ws = new WebSocket(server.wsUrl);
    const closed = new Promise<number>((resolve) => ws.onclose = (e) => resolve(e.code));
    await within(
      new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      }),
      5_000,
      "the WebSocket to open",
    );

    server.kill("SIGTERM");
    assert.equal(
      await within(closed, STOP_MS, "the socket's close after SIGTERM"),
      CLOSE_CODES.serviceRestart.code,
      "sockets are told to reconnect",
    );
    const { code } = await server.exited(STOP_MS);
    assert.equal(code, 0, server.output());

    const logs = server.output().trim().split("\n").filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const messages = logs.map((l) => l.msg);
    for (const msg of ["database ready", "listening", "shutting down"]) {
      assert.ok(messages.includes(msg), `logged "${msg}": ${messages.join(", ")}`);
    }
    assert.equal(logs.find((l) => l.msg === "listening").port, port);
    assert.equal(logs.find((l) => l.msg === "shutting down").signal, "SIGTERM");

    db = home.env.DATABASE_URL
      ? createPostgresExecutor(home.env.DATABASE_URL, { max: 1 })
      : await createPgliteExecutor(`${home.dataDir}/pgdata`);
    const recorded = await db.query("select version, name from schema_migrations order by version");
    const expected = (await loadMigrations()).map((m) => ({ version: m.version, name: m.name }));
    assert.deepEqual(recorded.map((r) => ({ version: Number(r.version), name: r.name })), expected);
  } finally {
    server.kill("SIGKILL");
    await server.exited(STOP_MS);
    await db?.close();
    await home.close();
  }
});

Deno.test("a bad PORT stops start-up with exit code 1 and a message naming PORT", async () => {
  const { code, stderr } = await serverCommand({ PORT: "eighty" }).output();
  assert.equal(code, 1);
  assert.match(new TextDecoder().decode(stderr), /PORT/);
});

Deno.test("--version prints the server version and the protocol version", async () => {
  const { code, stdout } = await serverCommand({}, ["--version"]).output();
  assert.equal(code, 0);
  assert.equal(
    new TextDecoder().decode(stdout).trim(),
    `chat-server ${denoJson.version} (protocol ${PROTOCOL_VERSION})`,
  );
});
