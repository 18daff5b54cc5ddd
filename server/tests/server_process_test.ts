import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import { CLOSE_CODES, PROTOCOL_VERSION } from "../../shared/mod.ts";
import { loadMigrations } from "../db/migrate.ts";
import { createPgliteExecutor } from "../db/pglite_executor.ts";
import { createPostgresExecutor } from "../db/postgres_executor.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";

const REPO_ROOT = new URL("../../", import.meta.url);
const READY_TIMEOUT_MS = 30_000;

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

/** A TCP port that was free a moment ago. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** Polls `url` until it answers 200, failing when `exited` resolves first or time runs out. */
async function waitUntilReady(url: string, exited: Promise<unknown>): Promise<Response> {
  let gone = false;
  exited.then(() => gone = true, () => gone = true);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return res;
      await res.body?.cancel();
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(gone ? "the server exited before it was ready" : `${url} never answered 200`);
}

Deno.test("the server process starts on an empty data dir and stops cleanly on SIGTERM", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "chat_server_" });
  const port = freePort();
  const databaseUrl = Deno.env.get("DATABASE_URL");
  const child = serverCommand({
    PORT: String(port),
    HOST: "127.0.0.1",
    CHAT_DATA_DIR: dataDir,
    CHAT_ENV: "development",
    // Blank counts as unset, so the development secret is generated whatever the caller's env.
    JWT_SECRET: "",
    NODE_ENV: "",
    LOG_LEVEL: "info",
  }).spawn();
  const output = child.output();
  let db: SqlExecutor | undefined;
  try {
    const ready = await waitUntilReady(`http://127.0.0.1:${port}/readyz`, output);
    assert.deepEqual(await ready.json(), {
      status: "ok",
      checks: { database: "ok", bus: "ok" },
    });

    const secret = await Deno.stat(`${dataDir}/jwt_secret`);
    assert.equal(secret.mode! & 0o777, 0o600, "the JWT secret is readable by its owner only");
    assert.ok((await Deno.readTextFile(`${dataDir}/jwt_secret`)).trim().length >= 32);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws`);
    const closed = new Promise<number>((resolve) => ws.onclose = (e) => resolve(e.code));
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });

    child.kill("SIGTERM");
    assert.equal(await closed, CLOSE_CODES.serviceRestart.code, "sockets are told to reconnect");
    const { code, stdout, stderr } = await output;
    assert.equal(code, 0, new TextDecoder().decode(stderr));

    const logs = new TextDecoder().decode(stdout).trim().split("\n").map((l) => JSON.parse(l));
    const messages = logs.map((l) => l.msg);
    for (const msg of ["database ready", "listening", "shutting down"]) {
      assert.ok(messages.includes(msg), `logged "${msg}": ${messages.join(", ")}`);
    }
    assert.equal(logs.find((l) => l.msg === "listening").port, port);
    assert.equal(logs.find((l) => l.msg === "shutting down").signal, "SIGTERM");

    db = databaseUrl
      ? createPostgresExecutor(databaseUrl, { max: 1 })
      : await createPgliteExecutor(`${dataDir}/pgdata`);
    const recorded = await db.query("select version, name from schema_migrations order by version");
    const expected = (await loadMigrations()).map((m) => ({ version: m.version, name: m.name }));
    assert.deepEqual(recorded.map((r) => ({ version: Number(r.version), name: r.name })), expected);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
    await output.catch(() => {});
    await db?.close();
    await Deno.remove(dataDir, { recursive: true });
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
