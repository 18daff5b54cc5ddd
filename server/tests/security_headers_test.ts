/**
 * Issue 13, weak spots: the API's headers (nosniff, no-store, strict CORS) and `/metrics` in
 * production mode, which the server refuses to serve to anyone who asks.
 */
import assert from "node:assert/strict";
import { api, signUp } from "../testing/test_client.ts";
import { freePort, spawnServer } from "../testing/server_process.ts";
import { openServerHome } from "../testing/server_home.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("API answers carry nosniff and no-store; CORS allows no origin unless listed", async () => {
  const [closed, open] = await Promise.all([
    startTestServer(),
    startTestServer({ corsOrigins: ["https://chat.example"] }),
  ]);
  try {
    const alice = await signUp(closed.url, "alice");
    const me = await api(closed.url, "GET", "/me", undefined, alice.access_token);
    assert.equal(me.status, 200);
    assert.equal(me.headers.get("x-content-type-options"), "nosniff");
    assert.equal(me.headers.get("cache-control"), "no-store");
    const login = await api(closed.url, "POST", "/auth/login", {
      username: "alice",
      password: "password123",
    });
    assert.equal(login.headers.get("cache-control"), "no-store", "token answers are not cached");
    const health = await fetch(`${closed.url}/healthz`);
    await health.body?.cancel();
    assert.equal(health.headers.get("x-content-type-options"), "nosniff");

    const preflight = (url: string, origin: string) =>
      fetch(`${url}/api/v1/rooms`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
    for (const url of [closed.url, open.url]) {
      const evil = await preflight(url, "https://evil.example");
      await evil.body?.cancel();
      assert.equal(evil.headers.get("access-control-allow-origin"), null, url);
      const read = await fetch(`${url}/api/v1/me`, {
        headers: { origin: "https://evil.example", authorization: `Bearer x` },
      });
      await read.body?.cancel();
      assert.equal(read.headers.get("access-control-allow-origin"), null);
    }
    const listed = await preflight(open.url, "https://chat.example");
    await listed.body?.cancel();
    assert.equal(listed.headers.get("access-control-allow-origin"), "https://chat.example");
    assert.match(listed.headers.get("access-control-allow-headers") ?? "", /Authorization/);
    assert.equal(listed.headers.get("access-control-allow-credentials"), null);
  } finally {
    await Promise.all([closed.close(), open.close()]);
  }
});

Deno.test("production refuses to start without METRICS_TOKEN, or serves /metrics on its own listener", async () => {
  const home = await openServerHome("chat_metrics_");
  const production = {
    CHAT_ENV: "production",
    JWT_SECRET: crypto.randomUUID() + crypto.randomUUID(),
    METRICS_TOKEN: "",
  };
  try {
    const refused = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "server/main.ts"],
      cwd: new URL("../../", import.meta.url),
      env: { ...home.env, ...production, CHAT_DATA_DIR: home.dataDir, PORT: String(freePort()) },
      stdout: "null",
      stderr: "piped",
      // A server that starts serves until killed: it must exit by itself, at once.
      signal: AbortSignal.timeout(60_000),
    }).output();
    assert.equal(refused.code, 1);
    assert.match(
      new TextDecoder().decode(refused.stderr),
      /chat-server: Invalid environment: METRICS_TOKEN: required in production/,
    );

    const metricsPort = freePort();
    const server = await spawnServer({
      port: freePort(),
      home,
      env: { ...production, METRICS_PORT: String(metricsPort), METRICS_HOST: "127.0.0.1" },
    });
    try {
      const main = await fetch(`${server.url}/metrics`);
      await main.body?.cancel();
      assert.equal(main.status, 404, "the API's listener does not serve metrics");
      const own = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(own.status, 200);
      assert.match(await own.text(), /^# HELP /m);
    } finally {
      server.kill("SIGTERM");
      await server.status;
    }
  } finally {
    await home.close();
  }
});
