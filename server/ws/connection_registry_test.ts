import assert from "node:assert/strict";
import type { RoomEvent } from "../../shared/mod.ts";
import { roomChannel, userChannel } from "../bus/bus.ts";
import { createMemoryBus } from "../bus/memory_bus.ts";
import { createLogger } from "../logger.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { FakeTransport, settle, storedEvent } from "../testing/fake_transport.ts";
import { Connection } from "./connection.ts";
import { ConnectionRegistry } from "./connection_registry.ts";

const ROOM = "00000000-0000-4000-8000-00000000000c";
const USER = { id: "00000000-0000-4000-8000-000000000002", username: "bob", created_at: "" };

function registryOver(stored: RoomEvent[]) {
  const bus = createMemoryBus();
  const fetchRange = (_room: string, after: number, before: number) =>
    Promise.resolve(stored.filter((e) => e.seq > after && e.seq < before));
  const registry = new ConnectionRegistry(bus, fetchRange, createLogger("silent"));
  const socket = new FakeTransport();
  const conn = new Connection(socket, 1_000_000, createMetrics());
  conn.user = USER;
  return { bus, registry, socket, conn };
}

Deno.test("ConnectionRegistry: an event stored after the room's seq was read, before the subscription, is delivered without a later one", async () => {
  const stored = [1, 2, 3].map((s) => storedEvent(ROOM, s));
  const { registry, socket, conn } = registryOver(stored);
  // The login read the room's newest seq as 1; 2 and 3 were stored (and published to nobody)
  // before the subscription became active.
  await registry.add(conn, [{ roomId: ROOM, lastSeq: 1 }]);
  assert.deepEqual(socket.seqs(), [2, 3], "caught up once subscribed, before add() resolved");
});

Deno.test("ConnectionRegistry: a member event on the user's channel adds the room after its seq; a later one removes it after delivering it", async () => {
  const { bus, registry, socket, conn } = registryOver([]);
  await registry.add(conn, []);
  const joined = storedEvent(ROOM, 5);
  const memberJoined = {
    type: "member_joined" as const,
    room_id: ROOM,
    seq: 5,
    actor: { id: USER.id, username: USER.username },
    user: { id: USER.id, username: USER.username },
    room: {
      id: ROOM,
      kind: "public" as const,
      name: "r",
      topic: "",
      owner_id: null,
      last_seq: 5,
      created_at: joined.created_at,
    },
    created_at: joined.created_at,
  };
  await bus.publish(userChannel(USER.id), {
    kind: "membership",
    user_id: USER.id,
    room_id: ROOM,
    joined: true,
    frame: { type: "event", event: memberJoined },
  });
  await settle();
  assert.equal(conn.rooms.has(ROOM), true);
  // The same event through the room, and the next one: 5 once, then 6.
  for (const event of [memberJoined, storedEvent(ROOM, 6)]) {
    await bus.publish(roomChannel(ROOM), { kind: "frame", frame: { type: "event", event } });
  }
  await settle();
  assert.deepEqual(socket.seqs(), [5, 6]);
  const left = { ...memberJoined, type: "member_left" as const, seq: 7 };
  await bus.publish(roomChannel(ROOM), { kind: "frame", frame: { type: "event", event: left } });
  await bus.publish(userChannel(USER.id), {
    kind: "membership",
    user_id: USER.id,
    room_id: ROOM,
    joined: false,
    frame: { type: "event", event: left },
  });
  await settle();
  assert.deepEqual(socket.seqs(), [5, 6, 7], "member_left once, though it came both ways");
  assert.equal(conn.rooms.has(ROOM), false);
  await bus.publish(roomChannel(ROOM), {
    kind: "frame",
    frame: { type: "event", event: storedEvent(ROOM, 8) },
  });
  await settle();
  assert.deepEqual(socket.seqs(), [5, 6, 7], "nothing after leaving");
});

Deno.test("ConnectionRegistry: a read marker on the user's channel reaches every connection of the user", async () => {
  const { bus, registry, socket, conn } = registryOver([]);
  const otherSocket = new FakeTransport();
  const other = new Connection(otherSocket, 1_000_000, createMetrics());
  other.user = USER;
  await registry.add(conn, []);
  await registry.add(other, []);
  const marker = { room_id: ROOM, last_read_seq: 4, unread_count: 0 };
  await bus.publish(userChannel(USER.id), {
    kind: "frame",
    frame: { type: "read_marker", ...marker },
  });
  await settle();
  for (const s of [socket, otherSocket]) {
    assert.deepEqual(s.sent.map((d) => JSON.parse(d)), [{ type: "read_marker", ...marker }]);
  }
});
