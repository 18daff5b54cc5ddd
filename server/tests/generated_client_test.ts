/**
 * A client generated from the served OpenAPI document works: `server/testing/api_types.ts`
 * (openapi-typescript) is what the document generates today, and the README's curl walkthrough
 * runs through `openapi-fetch` typed by it, so a change the types do not allow fails to compile.
 */
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import { API_TYPES, apiTypesModule } from "../../scripts/api_types.ts";
import type { components, paths } from "../testing/api_types.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("server/testing/api_types.ts is what openapi-typescript makes of the served document", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const fresh = await apiTypesModule(doc);
    assert.ok(
      fresh === await Deno.readTextFile(API_TYPES),
      "server/testing/api_types.ts is out of date: run deno task api-types",
    );
  } finally {
    await server.close();
  }
});

Deno.test("the README's curl walkthrough through a generated openapi-fetch client", async () => {
  const server = await startTestServer();
  try {
    const api = createClient<paths>({ baseUrl: server.url });
    const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

    for (const [username, password] of [["alice", "correct-horse"], ["bob", "battery-staple"]]) {
      const { data, response } = await api.POST("/api/v1/auth/register", {
        body: { username: username!, password: password! },
      });
      assert.equal(response.status, 201);
      assert.equal(data?.user.username, username);
    }
    const login = async (username: string, password: string) => {
      const { data } = await api.POST("/api/v1/auth/login", { body: { username, password } });
      assert.equal(data?.token_type, "Bearer");
      return data!.access_token;
    };
    const alice = await login("alice", "correct-horse");
    const bob = await login("bob", "battery-staple");

    const created = await api.POST("/api/v1/rooms", {
      ...auth(alice),
      body: { name: "general", topic: "Anything goes" },
    });
    assert.equal(created.response.status, 201);
    const room = created.data!.room.id;
    const publicRooms = await api.GET("/api/v1/rooms", {
      ...auth(bob),
      params: { query: { scope: "public" } },
    });
    const listed = publicRooms.data!.rooms.find((r) => r.id === room)!;
    const peer: components["schemas"]["UserRef"] | null = listed.peer;
    assert.deepEqual([listed.name, peer, listed.last_message], ["general", null, null]);
    const joined = await api.POST("/api/v1/rooms/{id}/join", {
      ...auth(bob),
      params: { path: { id: room } },
    });
    assert.equal(joined.data?.room.name, "general");

    const sent = await api.POST("/api/v1/rooms/{id}/messages", {
      ...auth(alice),
      params: { path: { id: room } },
      body: { text: "hello bob", client_msg_id: crypto.randomUUID() },
    });
    assert.equal(sent.response.status, 201);
    assert.equal(sent.data?.message.seq, 3, "after alice's and bob's joins");

    const history = await api.GET("/api/v1/rooms/{id}/messages", {
      ...auth(bob),
      params: { path: { id: room }, query: { limit: 50 } },
    });
    assert.deepEqual(history.data?.messages.map((m) => [m.sender.username, m.text]), [
      ["alice", "hello bob"],
    ]);
    assert.equal(history.data?.has_more, false);
    const mine = await api.GET("/api/v1/rooms", auth(bob));
    const general = mine.data!.rooms.find((r) => r.id === room)!;
    assert.deepEqual([general.unread_count, general.last_message?.text], [1, "hello bob"]);

    const read = await api.POST("/api/v1/rooms/{id}/read", {
      ...auth(bob),
      params: { path: { id: room } },
      body: { seq: 3 },
    });
    assert.deepEqual(read.data, { room_id: room, last_read_seq: 3, unread_count: 0 });

    // Alice fixes her message, bob reacts, alice takes it back.
    const message = { id: room, message_id: sent.data!.message.id };
    const edited = await api.PATCH("/api/v1/rooms/{id}/messages/{message_id}", {
      ...auth(alice),
      params: { path: message },
      body: { text: "hello, bob", client_event_id: crypto.randomUUID() },
    });
    assert.deepEqual([edited.data?.message.text, edited.data?.message.edited_at === null], [
      "hello, bob",
      false,
    ]);
    const reacted = await api.PUT("/api/v1/rooms/{id}/messages/{message_id}/reactions/{emoji}", {
      ...auth(bob),
      params: { path: { ...message, emoji: "👍" } },
    });
    assert.deepEqual(reacted.data?.message.reactions.map((r) => [r.emoji, r.count]), [["👍", 1]]);
    const deleted = await api.DELETE("/api/v1/rooms/{id}/messages/{message_id}", {
      ...auth(alice),
      params: { path: message },
    });
    assert.equal(deleted.response.status, 204);
    const after = await api.GET("/api/v1/rooms/{id}/messages", {
      ...auth(bob),
      params: { path: { id: room } },
    });
    assert.deepEqual(after.data?.messages.map((m) => [m.deleted, m.text, m.reactions]), [
      [true, "", []],
    ]);

    const refused = await api.GET("/api/v1/rooms/{id}", {
      ...auth(bob),
      params: { path: { id: crypto.randomUUID() } },
    });
    assert.equal(refused.error?.error.code, "room_not_found");
  } finally {
    await server.close();
  }
});
