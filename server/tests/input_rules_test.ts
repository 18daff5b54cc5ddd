/**
 * Issue 13, failure 1: NUL and other control characters in message text, topics, room names and
 * usernames are refused with 400 `invalid_request` naming the field (they used to answer 500), and
 * one bad send never fails the sends pipelined beside it.
 */
import assert from "node:assert/strict";
import { allMessages, api, type ApiResponse, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

function assertRefused(res: ApiResponse, field: string) {
  const context = `${res.status} ${JSON.stringify(res.body)}`;
  assert.equal(res.status, 400, context);
  assert.equal(res.body.error.code, "invalid_request", context);
  assert.match(res.body.error.message, new RegExp(`^${field}: must`), context);
}

Deno.test("control characters, NUL and lone surrogates are refused with 400 naming the field", async () => {
  const server = await startTestServer();
  try {
    const alice = await signUp(server.url, "alice");
    const token = alice.access_token;
    const created = await api(server.url, "POST", "/rooms", { name: "general" }, token);
    const roomId = created.body.room.id;
    const send = (text: string) =>
      api(server.url, "POST", `/rooms/${roomId}/messages`, {
        text,
        client_msg_id: crypto.randomUUID(),
      }, token);

    for (const bad of ["a\u0000b", "\u001b[2J wiped", "\u001b]0;title\u0007", "x\ry", "x\by"]) {
      assertRefused(await send(bad), "text");
    }
    assertRefused(await send("next line: \u0085"), "text");
    // A lone surrogate, escaped in the JSON text as a client would send it.
    const lone = await api(
      server.url,
      "POST",
      `/rooms/${roomId}/messages`,
      `{"text":"a\\ud800b","client_msg_id":"${crypto.randomUUID()}"}`,
      token,
    );
    assertRefused(lone, "text");

    const topic = await api(server.url, "POST", "/rooms", {
      name: "ops",
      topic: "deploys\u0000",
    }, token);
    assertRefused(topic, "topic");
    const patch = await api(server.url, "PATCH", `/rooms/${roomId}`, {
      topic: "\u001b[31mred",
    }, token);
    assertRefused(patch, "topic");
    const name = await api(server.url, "POST", "/rooms", { name: "ops\u202e" }, token);
    assertRefused(name, "name");

    const login = await api(server.url, "POST", "/auth/login", {
      username: "ali\u0000ce",
      password: "password123",
    });
    assertRefused(login, "username");
    const register = await api(server.url, "POST", "/auth/register", {
      username: "bob\u0000",
      password: "password123",
    });
    assertRefused(register, "username");

    // Tab, newline and right-to-left text are text.
    const fine = "line one\n\tline two: \u05e9\u05dc\u05d5\u05dd \u2067isolated\u2069";
    const stored = await send(fine);
    assert.equal(stored.status, 201, JSON.stringify(stored.body));
    assert.equal(stored.body.message.text, fine);
    const history = await allMessages(server.url, token, roomId);
    assert.deepEqual(history.map((m) => m.text), [fine], "nothing refused was stored");
  } finally {
    await server.close();
  }
});

Deno.test("a NUL among pipelined sends of two users fails alone, with invalid_request", async () => {
  const server = await startTestServer();
  const sockets: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const created = await api(
      server.url,
      "POST",
      "/rooms",
      { name: "general" },
      alice.access_token,
    );
    const roomId = created.body.room.id;
    await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    const [a, b] = await Promise.all([
      WsClient.connect(server.wsUrl, alice.access_token),
      WsClient.connect(server.wsUrl, bob.access_token),
    ]);
    sockets.push(a!, b!);
    const ids = Array.from({ length: 9 }, () => crypto.randomUUID());
    const bobIds = Array.from({ length: 9 }, () => crypto.randomUUID());
    ids.forEach((id, i) => {
      const text = i === 4 ? "bad\u0000row" : `a${i}`;
      a!.send({ type: "send", room_id: roomId, client_msg_id: id, text });
      b!.send({ type: "send", room_id: roomId, client_msg_id: bobIds[i]!, text: `b${i}` });
    });
    for (const [i, id] of ids.entries()) {
      if (i === 4) continue;
      assert.equal((await a!.nextOfType("ack")).ref, id);
    }
    const refused = await a!.nextOfType("error");
    assert.deepEqual([refused.code, refused.ref], ["invalid_request", ids[4]]);
    assert.match(refused.message, /^text: must not contain control characters/);
    for (const id of bobIds) assert.equal((await b!.nextOfType("ack")).ref, id);
    assert.equal(a!.frames.some((f) => f.type === "error"), false);
    assert.equal(b!.frames.some((f) => f.type === "error"), false);

    const history = await allMessages(server.url, alice.access_token, roomId);
    // seqs 1 and 2 are alice's and bob's joins
    assert.deepEqual(history.map((m) => m.seq), Array.from({ length: 17 }, (_, i) => i + 3));
    assert.equal(history.some((m) => m.text.includes("\u0000")), false);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await server.close();
  }
});

Deno.test("every string field of every HTTP body, given NUL, a control or a lone surrogate: 4xx, never 500, nothing stored", async () => {
  const server = await startTestServer();
  try {
    const alice = await signUp(server.url, "alice");
    const token = alice.access_token;
    const created = await api(server.url, "POST", "/rooms", { name: "general" }, token);
    const roomId = created.body.room.id;
    const hostile = ["\u0000", "\u0001", "\u001b[2J", "\r", "\u007f", "\u0085", "\ud800", "\udfff"];
    /** [method, path, a valid body, whether it needs the token] */
    const routes: [string, string, Record<string, unknown>, boolean][] = [
      ["POST", "/auth/register", { username: "carol", password: "password123" }, false],
      ["POST", "/auth/login", { username: "alice", password: "password123" }, false],
      ["POST", "/auth/refresh", { refresh_token: alice.refresh_token }, false],
      ["POST", "/auth/logout", { refresh_token: alice.refresh_token }, false],
      ["POST", "/rooms", { name: "ops", topic: "deploys", visibility: "private" }, true],
      ["PATCH", `/rooms/${roomId}`, { name: "general2", topic: "t", visibility: "public" }, true],
      ["POST", `/rooms/${roomId}/members`, { username: "alice" }, true],
      ["POST", "/dms", { username: "alice" }, true],
      [
        "POST",
        `/rooms/${roomId}/messages`,
        { text: "hi", client_msg_id: crypto.randomUUID(), kind: "text" },
        true,
      ],
      ["POST", "/auth/password", { current_password: "x", new_password: "password456" }, true],
    ];
    let requests = 0;
    for (const [method, path, body, auth] of routes) {
      // Passwords are never shown nor stored (only their bcrypt hash): any string is one.
      const fields = Object.keys(body).filter((k) =>
        typeof body[k] === "string" && !k.includes("password")
      );
      for (const field of fields) {
        for (const bad of hostile) {
          const value = String(body[field]);
          const poisoned = { ...body, [field]: value.slice(0, 2) + bad + value.slice(2) };
          // Escaped by JSON.stringify as \u0000 or \ud800, as a client would send them.
          const res = await api(server.url, method, path, poisoned, auth ? token : undefined);
          requests++;
          const context = `${method} ${path} ${field}=${JSON.stringify(poisoned[field])}: ` +
            `${res.status} ${JSON.stringify(res.body)}`;
          assert.ok(res.status >= 400 && res.status < 500, context);
          assert.equal(typeof res.body.error.code, "string", context);
        }
      }
    }
    assert.ok(requests > 100, `${requests} requests`);
    // Nothing was stored: no new room, message, user, and the session still works.
    const me = await api(server.url, "GET", "/me", undefined, token);
    assert.equal(me.status, 200, "no poisoned logout or password change went through");
    const rooms = await api(server.url, "GET", "/rooms", undefined, token);
    assert.deepEqual(rooms.body.rooms.map((r: { name: string }) => r.name), ["general"]);
    assert.deepEqual(await allMessages(server.url, token, roomId), []);
  } finally {
    await server.close();
  }
});
