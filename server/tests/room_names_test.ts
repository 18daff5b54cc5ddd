/**
 * Issue 13, weak spot: private room names could be discovered, as creating or renaming a room to a
 * private room's name answered 409 `room_name_taken`. Names are now unique among public rooms only.
 */
import assert from "node:assert/strict";
import { api, signUp } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("choosing a private room's name reveals nothing: public and private rooms may take it", async () => {
  const server = await startTestServer();
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const create = (token: string, name: string, visibility = "public") =>
      api(server.url, "POST", "/rooms", { name, visibility }, token);
    const secret = await create(alice.access_token, "merger-talks", "private");
    assert.equal(secret.status, 201);

    const publicTwin = await create(bob.access_token, "merger-talks");
    assert.equal(publicTwin.status, 201, JSON.stringify(publicTwin.body));
    const privateTwin = await create(bob.access_token, "layoffs", "private");
    assert.equal(privateTwin.status, 201);
    const third = await create(alice.access_token, "layoffs", "private");
    assert.equal(third.status, 201, "private names need not be unique");
    const lobby = await create(bob.access_token, "lobby");
    const renamed = await api(server.url, "PATCH", `/rooms/${lobby.body.room.id}`, {
      name: "layoffs",
    }, bob.access_token);
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));

    // Public names stay unique, and a private room cannot take one: public names are public.
    const taken = await create(alice.access_token, "merger-talks");
    assert.deepEqual([taken.status, taken.body.error.code], [409, "room_name_taken"]);
    const privateOnPublic = await create(alice.access_token, "lobby-two");
    assert.equal(privateOnPublic.status, 201);
    const toPrivate = await create(alice.access_token, "layoffs", "public");
    assert.equal(toPrivate.status, 409);
    const visibility = await api(server.url, "PATCH", `/rooms/${secret.body.room.id}`, {
      visibility: "public",
    }, alice.access_token);
    assert.deepEqual([visibility.status, visibility.body.error.code], [409, "room_name_taken"]);

    const mine = await api(server.url, "GET", "/rooms", undefined, alice.access_token);
    const names = mine.body.rooms.map((r: { name: string; kind: string }) => `${r.kind}:${r.name}`);
    assert.deepEqual(names.sort(), ["private:layoffs", "private:merger-talks", "public:lobby-two"]);
  } finally {
    await server.close();
  }
});
