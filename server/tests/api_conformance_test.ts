/**
 * The OpenAPI document against the running server, through Stoplight Prism as a validating proxy.
 * Every operation of the document is driven to each answer it promises (every success status and
 * every error code), and Prism fails the test on any request or response the document does not
 * allow. A route without a document, or a documented answer the test never produces, fails too.
 */
import assert from "node:assert/strict";
import { createAccessTokens } from "../auth/access_tokens.ts";
import {
  type Answer,
  type Call,
  ConformanceClient,
  type OpenApiDoc,
  operation,
  operations,
  promisedAnswers,
} from "../testing/conformance_client.ts";
import { startPrism } from "../testing/prism.ts";
import { startTestServer } from "../testing/test_server.ts";

const PASSWORD = "correct-horse";
/** Each user's REST budget per minute; the test stays under it except for one user, `dave`. */
const REST_POINTS = 300;

/** What the story below creates, for the samples. */
interface World {
  alice: string;
  general: string;
  /** A message of alice's in general. */
  message: string;
}

/**
 * For each operation, a request the document allows, sent by alice. The generic checks reuse it:
 * without a token, with an expired one, past the rate limit, with a bad body, path or query, and
 * with the database gone. An operation missing here fails the test.
 */
const SAMPLES: Record<string, (w: World) => Omit<Call, "method" | "path">> = {
  "GET /healthz": () => ({}),
  "GET /readyz": () => ({}),
  "POST /api/v1/auth/register": () => ({ body: { username: "sample", password: PASSWORD } }),
  "POST /api/v1/auth/login": () => ({ body: { username: "alice", password: PASSWORD } }),
  "POST /api/v1/auth/refresh": () => ({ body: { refresh_token: "unknown" } }),
  "POST /api/v1/auth/logout": () => ({ body: { refresh_token: "unknown" } }),
  "GET /api/v1/me": () => ({}),
  "GET /api/v1/sessions": () => ({}),
  "DELETE /api/v1/sessions/{id}": () => ({ params: { id: crypto.randomUUID() } }),
  "POST /api/v1/auth/password": () => ({
    body: { current_password: "not-the-password", new_password: "new-password-1" },
  }),
  "DELETE /api/v1/me": () => ({ body: { password: "not-the-password" } }),
  "GET /api/v1/rooms": () => ({ query: { scope: "public" } }),
  "POST /api/v1/rooms": () => ({ body: { name: "sample" } }),
  "GET /api/v1/rooms/{id}": (w) => ({ params: { id: w.general } }),
  "PATCH /api/v1/rooms/{id}": (w) => ({ params: { id: w.general }, body: { topic: "t" } }),
  "DELETE /api/v1/rooms/{id}": (w) => ({ params: { id: w.general } }),
  "POST /api/v1/rooms/{id}/join": (w) => ({ params: { id: w.general }, body: {} }),
  "POST /api/v1/rooms/{id}/leave": (w) => ({ params: { id: w.general }, body: {} }),
  "GET /api/v1/rooms/{id}/members": (w) => ({ params: { id: w.general } }),
  "POST /api/v1/rooms/{id}/members": (w) => ({
    params: { id: w.general },
    body: { username: "bob" },
  }),
  "POST /api/v1/dms": () => ({ body: { username: "bob" } }),
  "GET /api/v1/rooms/{id}/messages": (w) => ({ params: { id: w.general }, query: { limit: "5" } }),
  "POST /api/v1/rooms/{id}/messages": (w) => ({
    params: { id: w.general },
    body: { text: "hi", client_msg_id: crypto.randomUUID() },
  }),
  "POST /api/v1/rooms/{id}/read": (w) => ({ params: { id: w.general }, body: { seq: 1 } }),
  "GET /api/v1/search": (w) => ({ query: { room_id: w.general, q: "hello" } }),
  "GET /api/v1/mentions": () => ({ query: { limit: "5" } }),
  "PUT /api/v1/rooms/{id}/notifications": (w) => ({
    params: { id: w.general },
    body: { level: "mentions" },
  }),
  "PATCH /api/v1/rooms/{id}/messages/{message_id}": (w) => ({
    params: { id: w.general, message_id: w.message },
    body: { text: "edited", client_event_id: crypto.randomUUID() },
  }),
  "DELETE /api/v1/rooms/{id}/messages/{message_id}": (w) => ({
    params: { id: w.general, message_id: w.message },
    query: { client_event_id: crypto.randomUUID() },
  }),
  "PUT /api/v1/rooms/{id}/messages/{message_id}/reactions/{emoji}": (w) => ({
    params: { id: w.general, message_id: w.message, emoji: encodeURIComponent("👍") },
    query: { client_event_id: crypto.randomUUID() },
  }),
  "DELETE /api/v1/rooms/{id}/messages/{message_id}/reactions/{emoji}": (w) => ({
    params: { id: w.general, message_id: w.message, emoji: encodeURIComponent("👍") },
    query: { client_event_id: crypto.randomUUID() },
  }),
  "GET /api/v1/rooms/{id}/threads/{root_id}/messages": (w) => ({
    params: { id: w.general, root_id: w.message },
    query: { limit: "5" },
  }),
  "GET /api/v1/rooms/{id}/events": (w) => ({
    params: { id: w.general },
    query: { after_seq: "0", limit: "5" },
  }),
};

function expect(answer: Answer, status: number, code?: string) {
  assert.deepEqual([answer.status, answer.code], [status, code], JSON.stringify(answer.body));
}

Deno.test("the server answers as its OpenAPI document says, through Prism", async (t) => {
  const server = await startTestServer({
    rateLimits: {
      rest: { points: REST_POINTS, seconds: 60 },
      login: { points: 40, seconds: 60 },
      register: { points: 20, seconds: 60 },
    },
  });
  const dir = await Deno.makeTempDir({ prefix: "conformance-" });
  const docPath = `${dir}/openapi.json`;
  const doc: OpenApiDoc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  await Deno.writeTextFile(docPath, JSON.stringify(doc));
  // `strict` refuses requests the document does not allow; `lenient` lets deliberately bad
  // requests through to the server and checks only its answer.
  // Prism checks the security requirement even when it does not validate requests: the lenient
  // proxy gets the document without them, so that requests without a token reach the server.
  const lenientPath = `${dir}/openapi-lenient.json`;
  const withoutSecurity = structuredClone(doc);
  for (const item of Object.values(withoutSecurity.paths)) {
    for (const op of Object.values(item)) delete op.security;
  }
  await Deno.writeTextFile(lenientPath, JSON.stringify(withoutSecurity));
  const [strict, lenient] = await Promise.all([
    startPrism({ document: docPath, upstream: server.url }),
    startPrism({ document: lenientPath, upstream: server.url, validateRequest: false }),
  ]);
  const client = new ConformanceClient(doc);
  const send = (
    via: typeof strict,
    method: string,
    path: string,
    rest: Omit<Call, "method" | "path"> = {},
  ) => client.send(via, { method, path, ...rest });
  const api = (method: string, path: string, rest: Omit<Call, "method" | "path"> = {}) =>
    send(strict, method, `/api/v1${path}`, rest);

  try {
    const ops = operations(doc);
    await t.step("every operation of the document has a sample request here", () => {
      assert.deepEqual(ops.filter((op) => !SAMPLES[op]), []);
      assert.deepEqual(Object.keys(SAMPLES).filter((op) => !ops.includes(op)), []);
    });

    const tokens: Record<string, { access: string; refresh: string }> = {};
    const rooms: Record<string, string> = {};

    await t.step("accounts and sessions", async () => {
      for (const name of ["alice", "bob", "carol", "dave"]) {
        const user = { username: name, password: PASSWORD };
        expect(await api("POST", "/auth/register", { body: user }), 201);
        const login = await api("POST", "/auth/login", { body: user });
        expect(login, 200);
        tokens[name] = { access: login.body.access_token, refresh: login.body.refresh_token };
      }
      expect(
        await api("POST", "/auth/register", { body: { username: "alice", password: PASSWORD } }),
        409,
        "username_taken",
      );
      expect(
        await api("POST", "/auth/login", { body: { username: "alice", password: "wrong-horse" } }),
        401,
        "invalid_credentials",
      );
      const refreshed = await api("POST", "/auth/refresh", {
        body: { refresh_token: tokens.alice!.refresh },
      });
      expect(refreshed, 200);
      const unknown = { body: { refresh_token: "not-a-refresh-token" } };
      expect(await api("POST", "/auth/refresh", unknown), 401, "refresh_token_invalid");
      // A second login of carol's, so that ending it leaves the first one usable.
      const second = await api("POST", "/auth/login", {
        body: { username: "carol", password: PASSWORD },
      });
      const carol = { body: { refresh_token: second.body.refresh_token } };
      expect(await api("POST", "/auth/logout", carol), 204);
      expect(await api("POST", "/auth/logout", carol), 401, "refresh_token_invalid");
      expect(await api("GET", "/me", { token: tokens.alice!.access }), 200);
      // Sessions: another login of bob's is listed, then revoked; then bob's password changes.
      await api("POST", "/auth/login", { body: { username: "bob", password: PASSWORD } });
      const bob = tokens.bob!.access;
      const listed = await api("GET", "/sessions", { token: bob });
      expect(listed, 200);
      const other = listed.body.sessions.find((x: { current: boolean }) => !x.current);
      const revoke = { token: bob, params: { id: other.id } };
      expect(await api("DELETE", "/sessions/{id}", revoke), 204);
      expect(await api("DELETE", "/sessions/{id}", revoke), 404, "session_not_found");
      const change = (current_password: string) =>
        api("POST", "/auth/password", {
          token: bob,
          body: { current_password, new_password: PASSWORD },
        });
      expect(await change("wrong-horse"), 401, "invalid_credentials");
      expect(await change(PASSWORD), 204);
      // An account of its own is deleted, after a wrong password is refused.
      const erin = { username: "erin", password: PASSWORD };
      expect(await api("POST", "/auth/register", { body: erin }), 201);
      const token = (await api("POST", "/auth/login", { body: erin })).body.access_token;
      const remove = (password: string) => api("DELETE", "/me", { token, body: { password } });
      expect(await remove("wrong-horse"), 401, "invalid_credentials");
      expect(await remove(PASSWORD), 204);
    });

    const as = (name: string) => tokens[name]!.access;
    const nowhere = crypto.randomUUID();

    await t.step("rooms and memberships", async () => {
      const create = async (who: string, name: string, visibility = "public") => {
        const res = await api("POST", "/rooms", { token: as(who), body: { name, visibility } });
        expect(res, 201);
        rooms[name] = res.body.room.id;
      };
      await create("alice", "general");
      await create("alice", "secret", "private");
      await create("carol", "carols");
      expect(
        await api("POST", "/rooms", { token: as("alice"), body: { name: "general" } }),
        409,
        "room_name_taken",
      );
      expect(await api("GET", "/rooms", { token: as("alice") }), 200);
      expect(await api("GET", "/rooms", { token: as("bob"), query: { scope: "public" } }), 200);
      const room = (id: string) => ({ params: { id } });
      expect(await api("GET", "/rooms/{id}", { token: as("bob"), ...room(rooms.general!) }), 200);
      for (const id of [rooms.secret!, nowhere]) {
        expect(
          await api("GET", "/rooms/{id}", { token: as("bob"), ...room(id) }),
          404,
          "room_not_found",
        );
      }
      // The README's curl sends no body; clients that always send JSON send {}.
      expect(
        await api("POST", "/rooms/{id}/join", {
          token: as("bob"),
          ...room(rooms.general!),
          body: {},
        }),
        200,
      );
      expect(
        await api("POST", "/rooms/{id}/join", { token: as("bob"), ...room(rooms.carols!) }),
        200,
      );
      expect(
        await api("POST", "/rooms/{id}/join", { token: as("bob"), ...room(rooms.secret!) }),
        404,
        "room_not_found",
      );
      expect(
        await api("GET", "/rooms/{id}/members", { token: as("bob"), ...room(rooms.general!) }),
        200,
      );
      expect(
        await api("GET", "/rooms/{id}/members", { token: as("bob"), ...room(rooms.secret!) }),
        404,
        "room_not_found",
      );
      const invite = (who: string, id: string, username: string) =>
        api("POST", "/rooms/{id}/members", { token: as(who), ...room(id), body: { username } });
      expect(await invite("alice", rooms.secret!, "bob"), 201);
      expect(await invite("bob", rooms.secret!, "carol"), 403, "forbidden");
      expect(await invite("alice", nowhere, "carol"), 404, "room_not_found");
      expect(await invite("alice", rooms.secret!, "nobody_here"), 404, "user_not_found");
      const patch = (who: string, id: string, body: unknown) =>
        api("PATCH", "/rooms/{id}", { token: as(who), ...room(id), body });
      expect(await patch("alice", rooms.general!, { topic: "Anything goes" }), 200);
      expect(await patch("bob", rooms.general!, { topic: "mine now" }), 403, "forbidden");
      expect(await patch("alice", nowhere, { topic: "x" }), 404, "room_not_found");
      expect(await patch("alice", rooms.secret!, { name: "general" }), 409, "room_name_taken");
      const dm = await api("POST", "/dms", { token: as("alice"), body: { username: "bob" } });
      expect(dm, 200);
      rooms.dm = dm.body.room.id;
      expect(
        await api("POST", "/dms", { token: as("alice"), body: { username: "nobody_here" } }),
        404,
        "user_not_found",
      );
      // Direct rooms carry a peer and peer_online; the others null in both.
      const mine = await api("GET", "/rooms", { token: as("alice") });
      const direct = mine.body.rooms.find((r: { id: string }) => r.id === rooms.dm);
      assert.equal(direct.peer.username, "bob");
      assert.equal(typeof direct.peer_online, "boolean");
    });

    await t.step("messages and read markers", async () => {
      const room = (id: string) => ({ params: { id } });
      const message = { text: "hello bob", client_msg_id: crypto.randomUUID() };
      const post = (who: string, id: string, body = message) =>
        api("POST", "/rooms/{id}/messages", { token: as(who), ...room(id), body });
      expect(await post("alice", rooms.general!), 201);
      expect(await post("alice", rooms.general!), 200);
      const other = { text: "hi", client_msg_id: crypto.randomUUID() };
      expect(await post("alice", rooms.carols!, other), 403, "not_member");
      expect(await post("carol", rooms.secret!, other), 404, "room_not_found");
      const history = (who: string, id: string) =>
        api("GET", "/rooms/{id}/messages", { token: as(who), ...room(id), query: { limit: "50" } });
      expect(await history("bob", rooms.general!), 200);
      const around = { token: as("bob"), ...room(rooms.general!), query: { around_seq: "1" } };
      expect(await api("GET", "/rooms/{id}/messages", around), 200);
      const search = (who: string, query: Record<string, string>) =>
        api("GET", "/search", { token: as(who), query });
      expect(await search("bob", { q: "hello", sort: "relevance", limit: "1" }), 200);
      expect(await search("carol", { q: "hello", room_id: rooms.dm! }), 404, "room_not_found");
      expect(await search("carol", { q: "hello", from: "nobody_here" }), 404, "user_not_found");
      expect(await api("GET", "/mentions", { token: as("bob") }), 200);
      const notify = (who: string, id: string) =>
        api("PUT", "/rooms/{id}/notifications", {
          token: as(who),
          ...room(id),
          body: { level: "none" },
        });
      expect(await notify("bob", rooms.general!), 200);
      expect(await notify("carol", rooms.general!), 403, "not_member");
      expect(await notify("carol", rooms.dm!), 404, "room_not_found");
      expect(await history("carol", rooms.dm!), 404, "room_not_found");
      const read = (who: string, id: string) =>
        api("POST", "/rooms/{id}/read", { token: as(who), ...room(id), body: { seq: 1 } });
      expect(await read("bob", rooms.general!), 200);
      expect(await read("carol", rooms.general!), 403, "not_member");
      expect(await read("carol", rooms.secret!), 404, "room_not_found");
      // Now with a last message, and bob's unread count after it.
      const listed = await api("GET", "/rooms", { token: as("bob") });
      expect(listed, 200);
      assert.ok(listed.body.rooms.some((r: { last_message: unknown }) => r.last_message !== null));
    });

    const messages: Record<string, string> = {};

    await t.step("edits, deletes, reactions, replies, threads and events", async () => {
      const post = async (who: string, id: string, extra: Record<string, string> = {}) => {
        const body = { text: "a message", client_msg_id: crypto.randomUUID(), ...extra };
        return await api("POST", "/rooms/{id}/messages", { token: as(who), params: { id }, body });
      };
      const posted = async (who: string, id: string, extra: Record<string, string> = {}) => {
        const res = await post(who, id, extra);
        expect(res, 201);
        return res.body.message.id as string;
      };
      const [general, secret] = [rooms.general!, rooms.secret!];
      messages.alice = await posted("alice", general);
      const inSecret = await posted("alice", secret);
      const bobs = await posted("bob", general);
      const on = (id: string, message_id: string) => ({ params: { id, message_id } });
      const key = () => ({ client_event_id: crypto.randomUUID() });
      const edit = (who: string, id: string, message_id: string) =>
        api("PATCH", "/rooms/{id}/messages/{message_id}", {
          token: as(who),
          ...on(id, message_id),
          body: { text: "edited", ...key() },
        });
      const remove = (who: string, id: string, message_id: string) =>
        api("DELETE", "/rooms/{id}/messages/{message_id}", {
          token: as(who),
          ...on(id, message_id),
          query: key(),
        });
      const react = (method: string, who: string, id: string, message_id: string, e = "👍") =>
        api(method, "/rooms/{id}/messages/{message_id}/reactions/{emoji}", {
          token: as(who),
          params: { id, message_id, emoji: encodeURIComponent(e) },
          query: key(),
        });
      expect(await edit("alice", general, messages.alice), 200);
      expect(await edit("bob", general, messages.alice), 403, "forbidden");
      expect(await edit("carol", general, messages.alice), 403, "not_member");
      expect(await edit("carol", secret, inSecret), 404, "room_not_found");
      expect(await edit("alice", general, nowhere), 404, "message_not_found");
      expect(await remove("bob", general, messages.alice), 403, "forbidden");
      expect(await remove("carol", general, messages.alice), 403, "not_member");
      expect(await remove("carol", secret, inSecret), 404, "room_not_found");
      expect(await remove("alice", general, nowhere), 404, "message_not_found");
      expect(await remove("alice", general, bobs), 204); // the owner deletes bob's message
      expect(await remove("alice", general, bobs), 204); // deleted already: 204 again
      expect(await edit("bob", general, bobs), 410, "message_deleted");
      for (const method of ["PUT", "DELETE"]) {
        expect(await react(method, "bob", general, messages.alice), 200);
        expect(await react(method, "carol", general, messages.alice), 403, "not_member");
        expect(await react(method, "carol", secret, inSecret), 404, "room_not_found");
        expect(await react(method, "bob", general, nowhere), 404, "message_not_found");
        expect(await react(method, "bob", general, bobs), 410, "message_deleted");
      }
      const many = ["😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊"];
      for (const e of [...many, "🐶", "🐱", "🐭", "🐹", "🐰", "🦊", "🐻", "🐼", "🐨", "🐯"]) {
        expect(await react("PUT", "alice", general, messages.alice, e), 200);
      }
      expect(
        await react("PUT", "alice", general, messages.alice, "🦁"),
        409,
        "too_many_reactions",
      );
      // A reply in the thread of alice's message, and what cannot be answered.
      await posted("bob", general, { thread_root_id: messages.alice, reply_to: messages.alice });
      expect(await post("bob", general, { reply_to: nowhere }), 404, "message_not_found");
      expect(await post("bob", general, { reply_to: bobs }), 410, "message_deleted");
      const thread = (who: string, id: string, root_id: string) =>
        api("GET", "/rooms/{id}/threads/{root_id}/messages", {
          token: as(who),
          params: { id, root_id },
          query: { limit: "50" },
        });
      expect(await thread("alice", general, messages.alice), 200);
      expect(await thread("carol", secret, inSecret), 404, "room_not_found");
      expect(await thread("alice", general, nowhere), 404, "message_not_found");
      const events = (who: string, id: string) =>
        api("GET", "/rooms/{id}/events", { token: as(who), params: { id }, query: {} });
      expect(await events("bob", general), 200);
      expect(await events("carol", secret), 404, "room_not_found");
    });

    await t.step("leaving and deleting", async () => {
      const room = (id: string) => ({ params: { id } });
      const leave = (who: string, id: string) =>
        api("POST", "/rooms/{id}/leave", { token: as(who), ...room(id) });
      expect(await leave("bob", rooms.carols!), 204);
      expect(await leave("bob", rooms.carols!), 404, "room_not_found");
      expect(await leave("alice", rooms.dm!), 400, "invalid_request");
      const remove = (who: string, id: string) =>
        api("DELETE", "/rooms/{id}", { token: as(who), ...room(id) });
      expect(await remove("bob", rooms.carols!), 403, "forbidden");
      expect(await remove("alice", rooms.secret!), 204);
      expect(await remove("alice", rooms.secret!), 404, "room_not_found");
      expect(await send(strict, "GET", "/healthz"), 200);
      expect(await send(strict, "GET", "/readyz"), 200);
    });

    const world: World = {
      alice: as("alice"),
      general: rooms.general!,
      message: messages.alice!,
    };
    const sample = (op: string) => {
      const [method, path] = op.split(" ") as [string, string];
      return { method, path, ...SAMPLES[op]!(world) };
    };

    await t.step(
      "every operation's answers to a missing, expired or rate-limited token",
      async () => {
        const expired = await createAccessTokens(server.jwtSecret, -60).sign({
          id: crypto.randomUUID(),
          username: "alice",
        }, crypto.randomUUID());
        // dave spends his REST budget, then every bearer route refuses him.
        let spent = 0;
        for (; spent <= REST_POINTS; spent++) {
          const res = await fetch(`${server.url}/api/v1/me`, {
            headers: { authorization: `Bearer ${as("dave")}` },
          });
          await res.body?.cancel();
          if (res.status === 429) break;
        }
        assert.ok(spent <= REST_POINTS, "dave reached the REST limit");
        for (const op of ops.filter((op) => operation(doc, op).security?.length)) {
          const call = sample(op);
          expect(await client.send(lenient, { ...call, token: undefined }), 401, "unauthorized");
          expect(await client.send(strict, { ...call, token: expired }), 401, "token_expired");
          expect(await client.send(strict, { ...call, token: as("dave") }), 429, "rate_limited");
        }
      },
    );

    await t.step("every operation's answers to bad bodies, paths and queries", async () => {
      for (const op of ops) {
        const call = { ...sample(op), token: as("alice") };
        const spec = operation(doc, op);
        if (spec.requestBody) {
          // Prism's own server refuses bodies that are not JSON, so this one goes direct.
          const malformed = { ...call, raw: "{not json" };
          expect(await client.sendDirect(server, malformed), 400, "malformed_json");
          expect(await client.send(lenient, { ...call, raw: "[]" }), 400, "invalid_request");
          const big = JSON.stringify({ pad: "x".repeat(70 * 1024) });
          expect(await client.send(lenient, { ...call, raw: big }), 413, "payload_too_large");
        }
        for (const where of ["path", "query"]) {
          const param = spec.parameters?.find((p) => p.in === where);
          if (!param) continue;
          const bad = where === "path"
            ? { ...call, params: { ...call.params, [param.name]: "not-a-uuid" } }
            : { ...call, query: { ...call.query, [param.name]: "not-valid" } };
          expect(await client.send(lenient, bad), 400, "invalid_request");
        }
      }
    });

    // Failed logins count once the password is checked (login_throttle.ts): before the database
    // goes.
    await t.step("login attempts past the limit", async () => {
      const attempt = { body: { username: "carol", password: "wrong-horse" } };
      let answer = await api("POST", "/auth/login", attempt);
      for (let i = 0; i < 100 && answer.status !== 429; i++) {
        answer = await api("POST", "/auth/login", attempt);
      }
      expect(answer, 429, "rate_limited");
    });

    await t.step("every operation's answer when the database is gone", async () => {
      await server.store.close();
      for (const op of ops) {
        const answer = await client.send(strict, { ...sample(op), token: as("alice") });
        if (op === "GET /healthz") expect(answer, 200);
        else if (op === "GET /readyz") expect(answer, 503);
        else expect(answer, 500, "internal_error");
      }
    });

    await t.step("registrations past the limit", async () => {
      let answer;
      for (let i = 0; i < 50 && answer?.status !== 429; i++) {
        answer = await api("POST", "/auth/register", {
          body: { username: `many${i}`, password: PASSWORD },
        });
      }
      expect(answer!, 429, "rate_limited");
    });

    await t.step("the test produced every answer the document promises", () => {
      const promised = promisedAnswers(doc);
      assert.deepEqual([...promised].filter((a) => !client.seen.has(a)).sort(), []);
      assert.ok(promised.size > 100, `${promised.size} answers`);
    });
  } finally {
    await Promise.all([strict.close(), lenient.close()]);
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
