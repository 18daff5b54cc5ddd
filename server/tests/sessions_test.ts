/**
 * Issue 13: sessions. Access tokens carry their session; revoking it (logout, `DELETE
 * /sessions/:id`, a password change, refresh token reuse) refuses its access tokens from then on
 * and closes its sockets with 4401 on every instance within 2 s.
 */
import assert from "node:assert/strict";
import { CLOSE_CODES, SessionList, type TokenPair } from "../../shared/mod.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";

async function login(server: TestServer, userAgent: string, password = "password123") {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": userAgent },
    body: JSON.stringify({ username: "alice", password }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(body)}`);
  return body as TokenPair;
}

/** Resolves with the close code, or fails when the socket is still open after 2 s. */
async function closedWithin2s(ws: WsClient): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("socket still open after 2 s")), 2_000);
  });
  try {
    return await Promise.race([ws.closed, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function stillOpen(ws: WsClient) {
  ws.send({ type: "ping" });
  await ws.nextOfType("pong");
}

Deno.test("logout closes the session's sockets on every instance with 4401 and refuses its token", async () => {
  const one = await startTestServer();
  const two = await startTestServer({ sharing: one });
  const sockets: WsClient[] = [];
  try {
    const first = await signUp(one.url, "alice");
    const second = await login(one, "second device");
    const onOne = await WsClient.connect(one.wsUrl, first.access_token);
    const onTwo = await WsClient.connect(two.wsUrl, first.access_token);
    const other = await WsClient.connect(two.wsUrl, second.access_token);
    sockets.push(onOne, onTwo, other);

    const out = await api(one.url, "POST", "/auth/logout", { refresh_token: first.refresh_token });
    assert.equal(out.status, 204);
    assert.deepEqual(await Promise.all([closedWithin2s(onOne), closedWithin2s(onTwo)]), [
      CLOSE_CODES.unauthorized.code,
      CLOSE_CODES.unauthorized.code,
    ]);
    for (const server of [one, two]) {
      const me = await api(server.url, "GET", "/me", undefined, first.access_token);
      assert.deepEqual([me.status, me.body.error.code], [401, "unauthorized"]);
    }
    const again = await WsClient.connect(one.wsUrl);
    sockets.push(again);
    again.send({ type: "hello", token: first.access_token });
    assert.equal(await again.closed, CLOSE_CODES.unauthorized.code);

    // The other login of the same user is untouched.
    await stillOpen(other);
    assert.equal((await api(two.url, "GET", "/me", undefined, second.access_token)).status, 200);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await two.close();
    await one.close();
  }
});

Deno.test("GET /sessions lists my logins; DELETE /sessions/:id revokes one of mine only", async () => {
  const server = await startTestServer();
  const sockets: WsClient[] = [];
  try {
    await signUp(server.url, "alice");
    const laptop = await login(server, "chat-tui/0.1.0 laptop");
    const phone = await login(server, "phone app");
    const bob = await signUp(server.url, "bob");

    const listed = await api(server.url, "GET", "/sessions", undefined, laptop.access_token);
    assert.equal(listed.status, 200);
    const { sessions } = SessionList.parse(listed.body);
    assert.equal(sessions.length, 3, "signUp's login, the laptop and the phone");
    const [newest, middle] = sessions;
    assert.deepEqual([newest!.user_agent, newest!.current], ["phone app", false]);
    assert.deepEqual([middle!.user_agent, middle!.current], ["chat-tui/0.1.0 laptop", true]);
    assert.match(newest!.ip, /^(127\.0\.0\.1|::1)$/);

    const phoneSocket = await WsClient.connect(server.wsUrl, phone.access_token);
    sockets.push(phoneSocket);
    const bobsTry = await api(
      server.url,
      "DELETE",
      `/sessions/${newest!.id}`,
      undefined,
      bob.access_token,
    );
    assert.deepEqual([bobsTry.status, bobsTry.body.error.code], [404, "session_not_found"]);
    await stillOpen(phoneSocket);

    const revoked = await api(
      server.url,
      "DELETE",
      `/sessions/${newest!.id}`,
      undefined,
      laptop.access_token,
    );
    assert.equal(revoked.status, 204);
    assert.equal(await closedWithin2s(phoneSocket), CLOSE_CODES.unauthorized.code);
    assert.equal((await api(server.url, "GET", "/me", undefined, phone.access_token)).status, 401);
    const refresh = await api(server.url, "POST", "/auth/refresh", {
      refresh_token: phone.refresh_token,
    });
    assert.deepEqual([refresh.status, refresh.body.error.code], [401, "refresh_token_invalid"]);
    const twice = await api(
      server.url,
      "DELETE",
      `/sessions/${newest!.id}`,
      undefined,
      laptop.access_token,
    );
    assert.equal(twice.status, 404);
    const after = SessionList.parse(
      (await api(server.url, "GET", "/sessions", undefined, laptop.access_token)).body,
    );
    assert.equal(after.sessions.some((s) => s.id === newest!.id), false);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await server.close();
  }
});

Deno.test("changing the password revokes every other session and keeps mine", async () => {
  const server = await startTestServer();
  const sockets: WsClient[] = [];
  try {
    const mine = await signUp(server.url, "alice");
    const other = await login(server, "old laptop");
    const otherSocket = await WsClient.connect(server.wsUrl, other.access_token);
    const mySocket = await WsClient.connect(server.wsUrl, mine.access_token);
    sockets.push(otherSocket, mySocket);

    const change = (current_password: string) =>
      api(server.url, "POST", "/auth/password", {
        current_password,
        new_password: "new-password-456",
      }, mine.access_token);
    const wrong = await change("not-my-password");
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, "invalid_credentials"]);
    await stillOpen(otherSocket);

    assert.equal((await change("password123")).status, 204);
    assert.equal(await closedWithin2s(otherSocket), CLOSE_CODES.unauthorized.code);
    assert.equal((await api(server.url, "GET", "/me", undefined, other.access_token)).status, 401);
    await stillOpen(mySocket);
    assert.equal((await api(server.url, "GET", "/me", undefined, mine.access_token)).status, 200);
    const refreshed = await api(server.url, "POST", "/auth/refresh", {
      refresh_token: mine.refresh_token,
    });
    assert.equal(refreshed.status, 200, "my own session goes on");
    await assert.rejects(login(server, "x"), /401/);
    assert.equal((await login(server, "x", "new-password-456")).user.username, "alice");
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await server.close();
  }
});

Deno.test("reusing a rotated refresh token revokes the session: its access token and socket too", async () => {
  const server = await startTestServer();
  let ws: WsClient | undefined;
  try {
    const first = await signUp(server.url, "alice");
    const rotated = await api(server.url, "POST", "/auth/refresh", {
      refresh_token: first.refresh_token,
    });
    assert.equal(rotated.status, 200);
    ws = await WsClient.connect(server.wsUrl, rotated.body.access_token);
    const reuse = await api(server.url, "POST", "/auth/refresh", {
      refresh_token: first.refresh_token,
    });
    assert.equal(reuse.status, 401);
    assert.equal(await closedWithin2s(ws), CLOSE_CODES.unauthorized.code);
    const me = await api(server.url, "GET", "/me", undefined, rotated.body.access_token);
    assert.equal(me.status, 401);
  } finally {
    await ws?.close();
    await server.close();
  }
});
