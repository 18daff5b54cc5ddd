import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { ERROR_STATUS, ErrorCode, MAX_BODY_BYTES, MESSAGE_MAX_LENGTH } from "../../shared/mod.ts";
import { api, type ApiResponse, signUp } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

/**
 * Codes that only occur on WebSocket, or only when the server itself fails, or that need a server
 * configured for them (rate limits, shutdown: limits_test.ts produces those).
 */
const NOT_FROM_HTTP_REQUESTS: ErrorCode[] = [
  "unknown_frame_type",
  "not_authenticated",
  "frame_too_large",
  "rate_limited",
  "unavailable",
  "internal_error",
];

Deno.test("every HTTP error code is produced by a request that triggers it", async (t) => {
  // A second server, whose tokens the first did not sign.
  const [server, other] = await Promise.all([startTestServer(), startTestServer()]);
  const seen = new Set<ErrorCode>();

  /** Asserts the status, a body of exactly `{"error":{"code","message"}}`, and the message. */
  async function expectError(
    response: Promise<ApiResponse>,
    status: number,
    code: ErrorCode,
    mentions?: RegExp,
  ) {
    const res = await response;
    const context = `${res.status} ${JSON.stringify(res.body)}`;
    assert.equal(res.status, status, context);
    assert.equal(ERROR_STATUS[code], status);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(Object.keys(res.body), ["error"], context);
    assert.deepEqual(Object.keys(res.body.error).sort(), ["code", "message"], context);
    assert.equal(res.body.error.code, code, context);
    assert.equal(typeof res.body.error.message, "string");
    assert.notEqual(res.body.error.message, "");
    if (mentions) assert.match(res.body.error.message, mentions);
    seen.add(code);
  }
  /** `fetch` with a raw request, for what the `api` helper would not send. */
  async function raw(path: string, init: RequestInit = {}): Promise<ApiResponse> {
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  try {
    const stranger = await signUp(other.url, "stranger");
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const carol = await signUp(server.url, "carol");
    const call = (method: string, path: string, body?: unknown, token = alice.access_token) =>
      api(server.url, method, path, body, token);
    const anon = (method: string, path: string, body?: unknown) =>
      api(server.url, method, path, body);
    const message = (text: unknown) => ({ text, client_msg_id: crypto.randomUUID() });
    const plaza = (await call("POST", "/rooms", { name: "plaza" })).body.room.id;
    const vault = (await call("POST", "/rooms", { name: "vault", visibility: "private" }))
      .body.room.id;
    const dm = (await call("POST", "/dms", { username: "bob" })).body.room.id;
    assert.equal((await call("POST", `/rooms/${vault}/members`, { username: "bob" })).status, 201);
    const bobJoins = await call("POST", `/rooms/${plaza}/join`, undefined, bob.access_token);
    assert.equal(bobJoins.status, 200);

    await t.step("invalid_request names the offending field", async () => {
      const invalid = (res: Promise<ApiResponse>, mentions?: RegExp) =>
        expectError(res, 400, "invalid_request", mentions);
      const register = (username: string, password = "password123") =>
        anon("POST", "/auth/register", { username, password });
      const send = (body: unknown) => call("POST", `/rooms/${plaza}/messages`, body);
      await invalid(register("Bad Name!"), /username/);
      await invalid(register("ab"), /username/);
      await invalid(register("a".repeat(33)), /username/);
      await invalid(register("shortpw", "1234567"), /password/);
      await invalid(call("POST", "/rooms", { name: "Not A Name" }), /name/);
      await invalid(call("PATCH", `/rooms/${plaza}`, {}), /at least one field/);
      await invalid(send(message(" \n\t ")), /text/);
      await invalid(send(message("a".repeat(MESSAGE_MAX_LENGTH + 1))), /text/);
      await invalid(send({ text: "hi", client_msg_id: "nope" }), /client_msg_id/);
      await invalid(call("GET", `/rooms/${plaza}/messages?limit=201`), /limit/);
      await invalid(call("GET", `/rooms/${plaza}/messages?limit=0`), /limit/);
      await invalid(call("GET", `/rooms/${plaza}/messages?before_seq=abc`), /before_seq/);
      await invalid(call("POST", `/rooms/${plaza}/read`, { seq: -1 }), /seq/);
      await invalid(call("GET", "/rooms/not-a-uuid"), /id/);
      await invalid(call("GET", "/rooms?scope=everything"), /scope/);
      await invalid(call("POST", "/dms", { username: "alice" }), /yourself/);
      await invalid(call("POST", `/rooms/${dm}/leave`), /[Dd]irect/);
      await invalid(call("GET", "/ws"), /WebSocket/);
      const history = await call("GET", `/rooms/${plaza}/messages`);
      assert.deepEqual(history.body.messages, [], "no invalid message was stored");
    });

    await t.step(
      "text limits count code points after trimming, the limit itself allowed",
      async () => {
        const send = (text: string) => call("POST", `/rooms/${plaza}/messages`, message(text));
        const longest = await send(`  ${"a".repeat(MESSAGE_MAX_LENGTH)}\n`);
        assert.equal(longest.status, 201);
        assert.equal(longest.body.message.text, "a".repeat(MESSAGE_MAX_LENGTH));
        assert.equal((await send("😀".repeat(MESSAGE_MAX_LENGTH))).status, 201);
      },
    );

    await t.step("malformed_json for a body that does not parse", async () => {
      await expectError(anon("POST", "/auth/login", "{not json"), 400, "malformed_json");
      await expectError(anon("POST", "/auth/login", ""), 400, "malformed_json");
      await expectError(call("POST", "/rooms", "{"), 400, "malformed_json");
    });

    await t.step(
      "a JSON body sent as another media type is invalid_request, not a 500",
      async () => {
        // What `curl -d` sends without -H.
        const form = raw("/api/v1/auth/login", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: JSON.stringify({ username: "alice", password: "password123" }),
        });
        await expectError(form, 400, "invalid_request", /application\/json/);
      },
    );

    await t.step("payload_too_large (413) for a body over 64 KiB, chunked or not", async () => {
      const json = JSON.stringify(message("fits"));
      const padded = (bytes: number) => json + " ".repeat(bytes - json.length);
      const exact = await call("POST", `/rooms/${plaza}/messages`, padded(MAX_BODY_BYTES));
      assert.equal(exact.status, 201, "a body of exactly 64 KiB is accepted");
      const over = call("POST", `/rooms/${plaza}/messages`, padded(MAX_BODY_BYTES + 1));
      await expectError(over, 413, "payload_too_large");
      const big = { username: "x".repeat(MAX_BODY_BYTES), password: "password123" };
      await expectError(anon("POST", "/auth/register", big), 413, "payload_too_large");
      const chunk = new TextEncoder().encode(" ".repeat(1024));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i <= MAX_BODY_BYTES / 1024; i++) controller.enqueue(chunk);
          controller.close();
        },
      });
      const headers = { "content-type": "application/json" };
      const init = { method: "POST", headers, body, duplex: "half" } as RequestInit;
      await expectError(raw("/api/v1/auth/login", init), 413, "payload_too_large");
    });

    await t.step(
      "unauthorized without a bearer token or with one this server did not sign",
      async () => {
        const unauthorized = (res: Promise<ApiResponse>, mentions?: RegExp) =>
          expectError(res, 401, "unauthorized", mentions);
        await unauthorized(anon("GET", "/me"), /Authorization/);
        await unauthorized(anon("GET", "/rooms"));
        await unauthorized(anon("GET", `/rooms/${plaza}/messages`));
        await unauthorized(anon("POST", "/dms", { username: "bob" }));
        const basic = `Basic ${btoa("alice:password123")}`;
        await unauthorized(raw("/api/v1/me", { headers: { authorization: basic } }));
        await unauthorized(call("GET", "/me", undefined, "not.a.jwt"));
        await unauthorized(call("GET", "/me", undefined, stranger.access_token));
      },
    );

    await t.step(
      "invalid_credentials is the same for an unknown user and a wrong password",
      async () => {
        const unknown = await anon("POST", "/auth/login", {
          username: "nobody",
          password: "pass1234",
        });
        const wrong = await anon("POST", "/auth/login", {
          username: "alice",
          password: "pass1234",
        });
        await expectError(Promise.resolve(unknown), 401, "invalid_credentials");
        await expectError(Promise.resolve(wrong), 401, "invalid_credentials");
        assert.deepEqual(unknown.body, wrong.body);
      },
    );

    await t.step("session_not_found for a session that is not one of mine", async () => {
      const path = `/sessions/${crypto.randomUUID()}`;
      await expectError(call("DELETE", path), 404, "session_not_found", /session/);
    });

    await t.step("refresh_token_invalid for an unknown refresh token", async () => {
      const body = { refresh_token: "nonsense" };
      await expectError(anon("POST", "/auth/refresh", body), 401, "refresh_token_invalid");
      await expectError(anon("POST", "/auth/logout", body), 401, "refresh_token_invalid");
    });

    await t.step("username_taken and room_name_taken when a name is in use", async () => {
      const again = { username: "alice", password: "otherpass1" };
      await expectError(anon("POST", "/auth/register", again), 409, "username_taken");
      const taken = (res: Promise<ApiResponse>) => expectError(res, 409, "room_name_taken");
      await taken(call("POST", "/rooms", { name: "plaza" }, carol.access_token));
      await taken(call("POST", "/rooms", { name: "plaza", visibility: "private" }));
      await taken(call("PATCH", `/rooms/${vault}`, { name: "plaza" }));
    });

    await t.step(
      "user_not_found for a direct room or an invitation to an unknown user",
      async () => {
        const nobody = { username: "nobody" };
        await expectError(call("POST", "/dms", nobody), 404, "user_not_found", /nobody/);
        const invite = call("POST", `/rooms/${vault}/members`, nobody);
        await expectError(invite, 404, "user_not_found", /nobody/);
      },
    );

    await t.step(
      "room_not_found: private and direct rooms are invisible to non-members",
      async () => {
        for (const id of [vault, dm, crypto.randomUUID()]) {
          const asCarol = (method: string, path: string, body?: unknown) => {
            const res = call(method, `/rooms/${id}${path}`, body, carol.access_token);
            return expectError(res, 404, "room_not_found");
          };
          await asCarol("GET", "");
          await asCarol("GET", "/messages");
          await asCarol("GET", "/members");
          await asCarol("POST", "/join");
          await asCarol("POST", "/leave");
          await asCarol("POST", "/messages", message("let me in"));
          await asCarol("POST", "/read", { seq: 1 });
          await asCarol("PATCH", "", { topic: "mine now" });
          await asCarol("DELETE", "");
          await asCarol("POST", "/members", { username: "carol" });
        }
        assert.deepEqual((await call("GET", `/rooms/${vault}/messages`)).body.messages, []);
      },
    );

    await t.step("not_member (403) for a public room that was not joined", async () => {
      const send = call("POST", `/rooms/${plaza}/messages`, message("hi"), carol.access_token);
      await expectError(send, 403, "not_member", /plaza/);
      const read = call("POST", `/rooms/${plaza}/read`, { seq: 1 }, carol.access_token);
      await expectError(read, 403, "not_member");
    });

    await t.step("forbidden: only the owner changes, deletes or invites to a room", async () => {
      const forbidden = (res: Promise<ApiResponse>) => expectError(res, 403, "forbidden");
      await forbidden(call("PATCH", `/rooms/${plaza}`, { topic: "bob's" }, bob.access_token));
      await forbidden(call("PATCH", `/rooms/${plaza}`, { topic: "carol's" }, carol.access_token));
      await forbidden(call("DELETE", `/rooms/${plaza}`, undefined, bob.access_token));
      const invite = { username: "carol" };
      await forbidden(call("POST", `/rooms/${vault}/members`, invite, bob.access_token));
      await forbidden(call("PATCH", `/rooms/${dm}`, { topic: "ours" }));
      await forbidden(call("DELETE", `/rooms/${dm}`, undefined, bob.access_token));
      const room = await call("GET", `/rooms/${plaza}`);
      assert.deepEqual([room.status, room.body.room.topic], [200, ""]);
      const members = (await call("GET", `/rooms/${vault}/members`)).body.members;
      assert.deepEqual(members.map((m: { user: { username: string } }) => m.user.username), [
        "alice",
        "bob",
      ]);
    });

    await t.step(
      "message_not_found, message_deleted and too_many_reactions for actions on messages",
      async () => {
        const posted = async () =>
          (await call("POST", `/rooms/${plaza}/messages`, message("m"))).body.message.id;
        const [kept, gone] = [await posted(), await posted()];
        const at = (id: string) => `/rooms/${plaza}/messages/${id}`;
        const edit = (id: string) =>
          call("PATCH", at(id), { text: "t", client_event_id: crypto.randomUUID() });
        await expectError(edit(crypto.randomUUID()), 404, "message_not_found");
        const elsewhere = (await call("POST", `/rooms/${vault}/messages`, message("v"))).body
          .message.id;
        await expectError(edit(elsewhere), 404, "message_not_found", /not in this room/);
        const replyTo = call("POST", `/rooms/${plaza}/messages`, {
          ...message("re"),
          reply_to: elsewhere,
        });
        await expectError(replyTo, 404, "message_not_found", /reply_to/);
        assert.equal((await call("DELETE", at(gone))).status, 204);
        await expectError(edit(gone), 410, "message_deleted");
        await expectError(
          call("POST", `/rooms/${plaza}/messages`, { ...message("x"), thread_root_id: gone }),
          410,
          "message_deleted",
          /thread_root_id/,
        );
        const react = (emoji: string) =>
          call("PUT", `${at(kept)}/reactions/${encodeURIComponent(emoji)}`);
        const emoji = [..."😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂"];
        for (const e of emoji) assert.equal((await react(e)).status, 200);
        await expectError(react("🤗"), 409, "too_many_reactions", /20/);
        await expectError(react("two 👍"), 400, "invalid_request", /emoji/);
      },
    );

    await t.step("not_found for a route that does not exist", async () => {
      await expectError(anon("GET", "/nope"), 404, "not_found", /GET \/api\/v1\/nope/);
      await expectError(call("PUT", "/rooms", {}), 404, "not_found");
      await expectError(raw("/nope"), 404, "not_found");
    });

    await t.step("token_expired once an access token is past its exp", async () => {
      // Signed with the server's own secret, for a real user, and a minute past its exp: no
      // waiting for a real token to expire.
      const issuedAt = Math.floor(Date.now() / 1000) - 120;
      const expired = await new SignJWT({ username: "alice" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(alice.user.id)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 60)
        .sign(new TextEncoder().encode(server.jwtSecret));
      await expectError(call("GET", "/me", undefined, expired), 401, "token_expired", /expired/);
    });

    await t.step("every code that HTTP requests can produce was produced above", () => {
      const expected = ErrorCode.options.filter((c) => !NOT_FROM_HTTP_REQUESTS.includes(c));
      assert.deepEqual([...seen].sort(), expected.sort());
    });
  } finally {
    await Promise.all([server.close(), other.close()]);
  }
});
