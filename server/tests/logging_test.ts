import assert from "node:assert/strict";
import { createLogger } from "../logger.ts";
import { api, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

/** A logger at the most verbose level whose lines are kept, parsed, in `lines`. */
function capturingLogger() {
  const raw: string[] = [];
  const logger = createLogger("trace", { instance: "inst-test" }, {
    write: (line: string) => void raw.push(line),
  });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line)) };
}

Deno.test("logs are JSON lines with instance, request and user ids, and no secrets", async () => {
  const { logger, raw, lines } = capturingLogger();
  const server = await startTestServer({ logger });
  try {
    const password = "log-test-password-4821";
    const register = await api(server.url, "POST", "/auth/register", {
      username: "alice",
      password,
    });
    assert.equal(register.status, 201);
    const login = await api(server.url, "POST", "/auth/login", { username: "alice", password });
    assert.equal(login.status, 200);
    const refresh = await api(server.url, "POST", "/auth/refresh", {
      refresh_token: login.body.refresh_token,
    });
    assert.equal(refresh.status, 200);
    const me = await api(server.url, "GET", "/me", undefined, refresh.body.access_token);
    assert.equal(me.status, 200);
    const ws = await WsClient.connect(server.wsUrl, refresh.body.access_token);
    await ws.close();
    await waitFor(() => lines().some((l) => l.msg === "ws closed"));

    const secrets = [
      password,
      login.body.access_token,
      login.body.refresh_token,
      refresh.body.access_token,
      refresh.body.refresh_token,
    ];
    const text = raw.join("");
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), "a password or token was logged");
      assert.ok(!text.includes(secret.slice(-16)), "part of a password or token was logged");
    }
    assert.ok(!text.includes("eyJ"), "no JWT-looking string is logged");

    const all = lines();
    assert.ok(all.every((l) => l.instance === "inst-test"), "instance id on every line");
    const http = all.filter((l) => l.msg === "http");
    assert.deepEqual(
      http.map((l) => `${l.method} ${l.route} ${l.status}`),
      [
        "POST /api/v1/auth/register 201",
        "POST /api/v1/auth/login 200",
        "POST /api/v1/auth/refresh 200",
        "GET /api/v1/me 200",
        "GET /api/v1/ws 101",
      ],
    );
    for (const line of http) {
      assert.equal(line.level, "info");
      assert.equal(typeof line.request_id, "string");
      assert.equal(typeof line.duration_ms, "number");
    }
    const userId = me.body.user.id;
    assert.deepEqual(http.map((l) => l.user_id), [
      undefined,
      undefined,
      undefined,
      userId,
      undefined,
    ]);
    const opened = all.find((l) => l.msg === "ws opened");
    const closed = all.find((l) => l.msg === "ws closed");
    assert.equal(opened?.user_id, userId);
    assert.deepEqual([closed?.user_id, closed?.code], [userId, 1000]);
    assert.equal(opened?.conn_id, closed?.conn_id);
  } finally {
    await server.close();
  }
});

async function waitFor(ok: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
