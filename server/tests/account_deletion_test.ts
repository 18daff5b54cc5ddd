/**
 * Issue 13, account lifecycle: `DELETE /me` through the real server. A wrong password changes
 * nothing; a deletion revokes every session (sockets closed with 4401, tokens refused, login
 * refused), leaves tombstones by `deleted user` for the other members in history and on resume,
 * passes an owned room to its longest-standing member, deletes a room where the user was alone
 * and frees the username.
 */
import assert from "node:assert/strict";
import { CLOSE_CODES, DELETED_USERNAME } from "../../shared/mod.ts";
import { allMessages, api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";

/** Alice owns "shared" (bob joins, then carol) and "alone"; she posts two messages, bob reacts. */
async function scene(server: TestServer) {
  const [alice, bob, carol] = await Promise.all(
    ["alice", "bob", "carol"].map((name) => signUp(server.url, name)),
  );
  const create = (name: string) => api(server.url, "POST", "/rooms", { name }, alice!.access_token);
  const shared: string = (await create("shared")).body.room.id;
  const alone: string = (await create("alone")).body.room.id;
  await api(server.url, "POST", `/rooms/${shared}/join`, undefined, bob!.access_token);
  await api(server.url, "POST", `/rooms/${shared}/join`, undefined, carol!.access_token);
  const post = (text: string, token: string) =>
    api(server.url, "POST", `/rooms/${shared}/messages`, {
      text,
      client_msg_id: crypto.randomUUID(),
    }, token);
  const first = (await post("secret one", alice!.access_token)).body.message;
  await post("from bob", bob!.access_token);
  const bobsId: string = (await allMessages(server.url, bob!.access_token, shared))[1]!.id;
  await post("secret two", alice!.access_token);
  const react = (id: string, token: string) =>
    api(
      server.url,
      "PUT",
      `/rooms/${shared}/messages/${id}/reactions/${encodeURIComponent("👍")}`,
      undefined,
      token,
    );
  assert.equal((await react(first.id, bob!.access_token)).status, 200);
  assert.equal((await react(bobsId, alice!.access_token)).status, 200);
  return { alice: alice!, bob: bob!, carol: carol!, shared, alone, bobsId };
}

Deno.test("DELETE /me with a wrong password answers invalid_credentials and changes nothing", async () => {
  const server = await startTestServer();
  try {
    const { alice, bob, shared, alone } = await scene(server);
    const before = await allMessages(server.url, bob.access_token, shared);
    const wrong = await api(
      server.url,
      "DELETE",
      "/me",
      { password: "not-it-at-all" },
      alice.access_token,
    );
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, "invalid_credentials"]);
    const missing = await api(server.url, "DELETE", "/me", {}, alice.access_token);
    assert.deepEqual([missing.status, missing.body.error.code], [400, "invalid_request"]);

    assert.equal((await api(server.url, "GET", "/me", undefined, alice.access_token)).status, 200);
    assert.deepEqual(await allMessages(server.url, bob.access_token, shared), before);
    const room = await api(server.url, "GET", `/rooms/${alone}`, undefined, alice.access_token);
    assert.equal(room.status, 200);
    const login = await api(server.url, "POST", "/auth/login", {
      username: "alice",
      password: "password123",
    });
    assert.equal(login.status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("DELETE /me: tombstones by deleted user, rooms passed on or gone, sessions revoked", async () => {
  const server = await startTestServer();
  const other = await startTestServer({ sharing: server });
  const sockets: WsClient[] = [];
  try {
    const { alice, bob, carol, shared, alone, bobsId } = await scene(server);
    const held = await api(server.url, "GET", `/rooms/${shared}`, undefined, carol.access_token);
    const heldSeq: number = held.body.room.last_seq;
    const alicesSockets = await Promise.all(
      [server, other].map((s) => WsClient.connect(s.wsUrl, alice.access_token)),
    );
    const bobsSocket = await WsClient.connect(server.wsUrl, bob.access_token);
    sockets.push(...alicesSockets, bobsSocket);

    const done = await api(
      server.url,
      "DELETE",
      "/me",
      { password: "password123" },
      alice.access_token,
    );
    assert.equal(done.status, 204);
    for (const socket of alicesSockets) {
      const code = await socket.closedWithin(2_000, "alice's sockets on both instances to close");
      assert.equal(code, CLOSE_CODES.unauthorized.code);
    }
    // Live: bob's socket hears each tombstone.
    const live = await bobsSocket.nextEvent("message_deleted");
    assert.deepEqual([live.message.text, live.message.sender.username], ["", DELETED_USERNAME]);

    // History: alice's messages are tombstones by "deleted user", with no reactions left.
    const history = await allMessages(server.url, bob.access_token, shared);
    const summary = history.map((m) => [m.sender.username, m.text, m.deleted, m.reactions.length]);
    assert.deepEqual(summary, [
      [DELETED_USERNAME, "", true, 0],
      ["bob", "from bob", false, 0],
      [DELETED_USERNAME, "", true, 0],
    ]);
    assert.equal(history.find((m) => m.id === bobsId)!.reactions.length, 0, "her reaction went");

    // Resume from the seq bob held: each tombstone and the removed reaction are replayed.
    const resumed = await WsClient.connect(server.wsUrl);
    sockets.push(resumed);
    resumed.send({ type: "hello", token: carol.access_token, resume: { [shared]: heldSeq } });
    await resumed.nextOfType("synced");
    const replayed = resumed.frames.flatMap((f) => f.type === "event" ? [f.event.type] : []);
    assert.deepEqual(replayed, [
      "message_deleted",
      "message_deleted",
      "reaction_removed",
      "member_left",
    ]);
    assert.equal(JSON.stringify(resumed.frames).includes("secret"), false);

    // The owned room passed to its longest-standing member; the room she was alone in is gone.
    const room = await api(server.url, "GET", `/rooms/${shared}`, undefined, carol.access_token);
    assert.equal(room.body.room.owner_id, bob.user.id);
    const members = await api(
      server.url,
      "GET",
      `/rooms/${shared}/members`,
      undefined,
      bob.access_token,
    );
    assert.deepEqual(
      members.body.members.map((m: { user: { username: string } }) => m.user.username),
      ["bob", "carol"],
    );
    const gone = await api(server.url, "GET", `/rooms/${alone}`, undefined, bob.access_token);
    assert.equal(gone.status, 404);

    // Her tokens and her password are refused; her username is free.
    const me = await api(server.url, "GET", "/me", undefined, alice.access_token);
    assert.deepEqual([me.status, me.body.error.code], [401, "unauthorized"]);
    const refresh = await api(server.url, "POST", "/auth/refresh", {
      refresh_token: alice.refresh_token,
    });
    assert.equal(refresh.status, 401);
    const credentials = { username: "alice", password: "password123" };
    const login = await api(server.url, "POST", "/auth/login", credentials);
    assert.deepEqual([login.status, login.body.error.code], [401, "invalid_credentials"]);
    const asDeleted = await api(server.url, "POST", "/auth/login", {
      ...credentials,
      username: DELETED_USERNAME,
    });
    assert.equal(asDeleted.status, 401);
    const again = await api(server.url, "POST", "/auth/register", credentials);
    assert.equal(again.status, 201);
    assert.notEqual(again.body.user.id, alice.user.id);
  } finally {
    for (const socket of sockets) await socket.close();
    await other.close();
    await server.close();
  }
});
