import assert from "node:assert/strict";
import type { RoomSummary } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import { resolveRoom } from "./resolve_room.ts";

function room(kind: RoomSummary["kind"], name: string | null): RoomSummary {
  return {
    id: crypto.randomUUID(),
    kind,
    name,
    topic: "",
    owner_id: null,
    last_seq: 0,
    created_at: "2026-11-22T00:48:10.689Z",
    role: "member",
    unread_count: 0,
    last_read_seq: 0,
    last_message: null,
    peer: null,
    online_count: 0,
    peer_online: null,
    mention_count: 0,
    notification_level: "mentions",
  };
}

function fakeApi(mine: RoomSummary[], joinable: RoomSummary[]): ApiClient {
  return {
    rooms: (scope: "mine" | "public" = "mine") =>
      Promise.resolve(scope === "mine" ? mine : joinable),
  } as unknown as ApiClient;
}

Deno.test("resolveRoom() prefers my rooms, then public ones, and by id", async () => {
  const ops = room("private", "ops");
  const plaza = room("public", "plaza");
  const api = fakeApi([ops], [plaza]);
  assert.deepEqual(await resolveRoom(api, "#ops"), { room: ops, member: true });
  assert.deepEqual(await resolveRoom(api, "plaza"), { room: plaza, member: false });
  assert.deepEqual(await resolveRoom(api, ops.id), { room: ops, member: true });
});

Deno.test("resolveRoom() refuses a name two of my rooms share, naming their ids", async () => {
  const mine = [room("private", "ops"), room("public", "ops")];
  await assert.rejects(
    resolveRoom(fakeApi(mine, []), "ops"),
    new RegExp(`2 of my rooms are named "ops": name one by its id \\(${mine[0]!.id} private`),
  );
  assert.equal((await resolveRoom(fakeApi(mine, []), mine[1]!.id)).room, mine[1]);
});
