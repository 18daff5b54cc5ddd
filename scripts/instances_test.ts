import assert from "node:assert/strict";
import { createPostgresExecutor } from "../server/db/postgres_executor.ts";
import { ignoreUnless } from "../server/testing/ignore_unless.ts";
import { api, signUp } from "../server/testing/test_client.ts";
import { instancesOptions } from "./instances.ts";

const DATABASE_URL = Deno.env.get("DATABASE_URL");
const REDIS_URL = Deno.env.get("REDIS_URL");

Deno.test("instancesOptions() requires the shared services and checks the ports", () => {
  const env = { DATABASE_URL: "postgres://db/chat", REDIS_URL: "redis://bus" };
  const options = instancesOptions([], env);
  assert.deepEqual([options.count, options.port], [2, 8081]);
  assert.ok(options.jwtSecret.length >= 32, "a generated secret");
  assert.equal(
    instancesOptions([], { ...env, JWT_SECRET: "s".repeat(32) }).jwtSecret,
    "s".repeat(32),
  );
  assert.deepEqual(
    [
      instancesOptions(["-n", "3", "-p", "9000"], env).count,
      instancesOptions(["-p", "9000"], env).port,
    ],
    [3, 9000],
  );
  assert.throws(() => instancesOptions([], {}), /Missing DATABASE_URL and REDIS_URL/);
  assert.throws(() => instancesOptions(["--count", "0"], env), /Invalid --count "0"/);
  assert.throws(() => instancesOptions(["--port", "65535"], env), /Invalid --port "65535"/);
});

/** Two consecutive TCP ports that were free a moment ago. */
function freePorts(): number {
  while (true) {
    const first = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = first.addr;
    try {
      Deno.listen({ hostname: "127.0.0.1", port: port + 1 }).close();
      return port;
    } catch {
      // The next port is taken: try another pair.
    } finally {
      first.close();
    }
  }
}

Deno.test(ignoreUnless(!!DATABASE_URL && !!REDIS_URL, "needs Postgres and Redis: services mode", {
  name: "deno task instances starts two instances sharing one database and stops them on SIGINT",
  async fn() {
    const schema = `instances_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = createPostgresExecutor(DATABASE_URL!, { max: 1 });
    await admin.exec(`create schema ${schema}`);
    const databaseUrl = `${DATABASE_URL}${
      DATABASE_URL!.includes("?") ? "&" : "?"
    }search_path=${schema}`;
    const port = freePorts();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "instances", "--count", "2", "--port", String(port)],
      cwd: new URL("../", import.meta.url),
      // The instances use the default Redis key prefix, shared with other test servers.
      env: {
        DATABASE_URL: databaseUrl,
        JWT_SECRET: "",
        LOG_LEVEL: "warn",
        RATE_LIMIT_LOGIN: "100000/1m",
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let stdout = "";
    let stderr = "";
    const drained = Promise.all([
      (async () => {
        for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) stdout += text;
      })(),
      (async () => {
        for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) stderr += text;
      })(),
    ]);
    const [a, b] = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`];
    try {
      const deadline = Date.now() + 60_000;
      while (!stdout.includes(`instance 2: ${b}`)) {
        assert.ok(Date.now() < deadline, `no URLs printed; stderr:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(stdout, new RegExp(`instance 1: ${a}  ws://127\\.0\\.0\\.1:${port}/api/v1/ws`));

      // One account, one secret: a token issued by one instance is good on the other.
      const name = `u${crypto.randomUUID().slice(0, 8)}`;
      const tokens = await signUp(b, name);
      const me = await api(a, "GET", "/me", undefined, tokens.access_token);
      assert.deepEqual([me.status, me.body.user.username], [200, name]);
      for (const url of [a, b]) {
        const ready = await fetch(`${url}/readyz`).then((r) => r.json());
        assert.deepEqual(ready.checks, { database: "ok", bus: "ok" });
      }

      child.kill("SIGINT");
      assert.equal((await child.status).code, 0, stderr);
      for (const url of [a, b]) await assert.rejects(fetch(`${url}/healthz`));
    } finally {
      try {
        child.kill("SIGKILL");
      } catch {
        // Exited already.
      }
      await child.status;
      await drained;
      await admin.exec(`drop schema ${schema} cascade`);
      await admin.close();
    }
  },
}));
