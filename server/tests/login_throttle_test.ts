/**
 * Issue 13, failures 3 and 4: guessing a password is throttled per (username, IP) with growing
 * delays and never locks the account's owner out from elsewhere; login attempts and registrations
 * are limited per IP; `X-Forwarded-For` counts only from TRUSTED_PROXIES.
 */
import assert from "node:assert/strict";
import type { ApiResponse } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

/** `POST /api/v1<path>` as if from `ip` (forwarded by the trusted proxy at 127.0.0.1). */
async function from(
  ip: string,
  baseUrl: string,
  path: string,
  body: unknown,
): Promise<ApiResponse> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const ATTACKER = "198.51.100.1";
const OWNER = "203.0.113.7";
const right = { username: "alice", password: "password123" };
const wrong = { username: "alice", password: "not-her-password" };

Deno.test("failed logins make one (username, IP) wait longer each time; the owner elsewhere logs in", async () => {
  const server = await startTestServer({
    rateLimits: { login: { points: 3, seconds: 60 } },
    trustedProxies: ["127.0.0.1", "::1"],
  });
  try {
    assert.equal((await from(OWNER, server.url, "/auth/register", right)).status, 201);
    for (let i = 0; i < 4; i++) {
      assert.equal((await from(ATTACKER, server.url, "/auth/login", wrong)).status, 401);
    }
    // The fourth failure (one past the 3 free) makes the pair wait 1 s.
    const waiting = await from(ATTACKER, server.url, "/auth/login", right);
    assert.deepEqual([waiting.status, waiting.body.error.code], [429, "rate_limited"]);
    assert.equal(waiting.headers.get("retry-after"), "1");
    // Ten wrong passwords used to answer 429 to the owner's right one from anywhere.
    for (let i = 0; i < 10; i++) await from(ATTACKER, server.url, "/auth/login", wrong);
    const owner = await from(OWNER, server.url, "/auth/login", right);
    assert.equal(owner.status, 200, JSON.stringify(owner.body));

    // Once the wait is over, the next failure doubles it.
    const deadline = Date.now() + 5_000;
    let attempt = await from(ATTACKER, server.url, "/auth/login", wrong);
    while (attempt.status === 429 && Date.now() < deadline) {
      await attempt.body;
      attempt = await from(ATTACKER, server.url, "/auth/login", wrong);
    }
    assert.equal(attempt.status, 401, "the wait ended");
    const longer = await from(ATTACKER, server.url, "/auth/login", right);
    assert.deepEqual([longer.status, longer.headers.get("retry-after")], [429, "2"]);
  } finally {
    await server.close();
  }
});

Deno.test("login attempts per IP are limited whatever the username; other addresses are not", async () => {
  const server = await startTestServer({
    rateLimits: { loginIp: { points: 3, seconds: 60 } },
    trustedProxies: ["127.0.0.1", "::1"],
  });
  try {
    assert.equal((await from(OWNER, server.url, "/auth/register", right)).status, 201);
    for (const username of ["bob", "carol", "dave"]) {
      const res = await from(ATTACKER, server.url, "/auth/login", { username, password: "x" });
      assert.equal(res.status, 401);
    }
    const limited = await from(ATTACKER, server.url, "/auth/login", {
      username: "erin",
      password: "x",
    });
    assert.deepEqual([limited.status, limited.body.error.code], [429, "rate_limited"]);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await from(OWNER, server.url, "/auth/login", right)).status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("registrations past RATE_LIMIT_REGISTER per IP get 429 with Retry-After", async () => {
  const server = await startTestServer({
    rateLimits: { register: { points: 2, seconds: 3600 } },
    trustedProxies: ["127.0.0.1", "::1"],
  });
  try {
    const account = (username: string) => ({ username, password: "password123" });
    assert.equal(
      (await from(ATTACKER, server.url, "/auth/register", account("user1"))).status,
      201,
    );
    assert.equal(
      (await from(ATTACKER, server.url, "/auth/register", account("user2"))).status,
      201,
    );
    const refused = await from(ATTACKER, server.url, "/auth/register", account("user3"));
    assert.deepEqual([refused.status, refused.body.error.code], [429, "rate_limited"]);
    assert.ok(Number(refused.headers.get("retry-after")) > 3000);
    assert.equal((await from(OWNER, server.url, "/auth/register", account("user3"))).status, 201);
    const login = await from(ATTACKER, server.url, "/auth/login", account("user3"));
    assert.equal(login.status, 200, "nothing was stored for the refused registration but user3");
  } finally {
    await server.close();
  }
});

Deno.test("X-Forwarded-For from a peer that is not a trusted proxy is ignored", async () => {
  const server = await startTestServer({ rateLimits: { register: { points: 2, seconds: 3600 } } });
  try {
    const account = (username: string) => ({ username, password: "password123" });
    assert.equal(
      (await from("192.0.2.1", server.url, "/auth/register", account("user1"))).status,
      201,
    );
    assert.equal(
      (await from("192.0.2.2", server.url, "/auth/register", account("user2"))).status,
      201,
    );
    const refused = await from("192.0.2.3", server.url, "/auth/register", account("user3"));
    assert.equal(refused.status, 429, "all three came from 127.0.0.1");
  } finally {
    await server.close();
  }
});
