import assert from "node:assert/strict";
import { loadMigrations, migrate } from "../db/migrate.ts";
import { openTestDatabase } from "../testing/test_database.ts";
import { createStore, type Store } from "./store.ts";

async function withStore(fn: (store: Store) => Promise<void>) {
  const t = await openTestDatabase();
  try {
    await fn(createStore(t.db));
  } finally {
    await t.close();
  }
}

Deno.test("migrate() applies each migration once", async () => {
  const t = await openTestDatabase();
  try {
    assert.deepEqual(await migrate(t.db, await loadMigrations()), []);
    const rows = await t.db.query("select name from schema_migrations order by version");
    assert.deepEqual(rows.map((r) => r.name), ["001_init.sql"]);
  } finally {
    await t.close();
  }
});

Deno.test("migrate() run by two instances at once applies each migration exactly once", async () => {
  const t = await openTestDatabase({ migrated: false });
  const other = t.connect();
  try {
    const migrations = await loadMigrations();
    const results = await Promise.all([migrate(t.db, migrations), migrate(other, migrations)]);
    assert.deepEqual(results.flat(), ["001_init.sql"]);
    const rows = await t.db.query("select version from schema_migrations");
    assert.equal(rows.length, 1);
  } finally {
    await other.close();
    await t.close();
  }
});

Deno.test("append() gives gapless per-room seqs under concurrent sends", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    const other = await store.rooms.create("public", "other", "", alice.id);
    const sends = Array.from({ length: 40 }, (_, i) =>
      store.messages.append({
        roomId: i % 2 ? room.id : other.id,
        senderId: alice.id,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text: `m${i}`,
      }));
    const results = await Promise.all(sends);
    const seqs = results.flatMap((r) =>
      r.status === "stored" && r.message.room_id === room.id ? [r.message.seq] : []
    ).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual((await store.rooms.get(room.id))?.last_seq, 20);
  }));

Deno.test("append() with a repeated client_msg_id returns the original message", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    const m = { roomId: room.id, senderId: alice.id, clientMsgId: crypto.randomUUID() };
    const first = await store.messages.append({ ...m, kind: "text", text: "hi" });
    const again = await store.messages.append({ ...m, kind: "text", text: "hi" });
    assert.deepEqual(first.status, "stored");
    assert.deepEqual(again.status, "duplicate");
    assert.deepEqual(again.message, first.message);
    assert.deepEqual((await store.rooms.get(room.id))?.last_seq, 1);
  }));

Deno.test("append() rejects a sender who is not a member and stores nothing", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const bob = await store.users.create("bob", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    const result = await store.messages.append({
      roomId: room.id,
      senderId: bob.id,
      clientMsgId: crypto.randomUUID(),
      kind: "text",
      text: "hi",
    });
    assert.deepEqual(result.status, "rejected");
    assert.deepEqual((await store.rooms.get(room.id))?.last_seq, 0);
  }));

Deno.test("page() pages backwards and forwards by seq", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    for (let i = 1; i <= 7; i++) {
      await store.messages.append({
        roomId: room.id,
        senderId: alice.id,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text: `m${i}`,
      });
    }
    const newest = await store.messages.page(room.id, { limit: 3 });
    assert.deepEqual(newest.messages.map((m) => m.seq), [5, 6, 7]);
    assert.deepEqual(newest.has_more, true);
    const older = await store.messages.page(room.id, { beforeSeq: 5, limit: 3 });
    assert.deepEqual(older.messages.map((m) => m.seq), [2, 3, 4]);
    const oldest = await store.messages.page(room.id, { beforeSeq: 2, limit: 3 });
    assert.deepEqual([oldest.messages.map((m) => m.seq), oldest.has_more], [[1], false]);
    const after = await store.messages.page(room.id, { afterSeq: 5, limit: 3 });
    assert.deepEqual([after.messages.map((m) => m.seq), after.has_more], [[6, 7], false]);
  }));

Deno.test("unread counts follow messages and read markers", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const bob = await store.users.create("bob", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    await store.rooms.addMember(room.id, bob.id);
    for (let i = 0; i < 3; i++) {
      await store.messages.append({
        roomId: room.id,
        senderId: alice.id,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text: "hi",
      });
    }
    const [bobs] = await store.rooms.listForUser(bob.id);
    assert.deepEqual([bobs?.unread_count, bobs?.last_message?.seq], [3, 3]);
    const [alices] = await store.rooms.listForUser(alice.id);
    assert.deepEqual(alices?.unread_count, 0);
    assert.deepEqual(await store.messages.markRead(room.id, bob.id, 99), {
      lastReadSeq: 3,
      unreadCount: 0,
    });
  }));

Deno.test("openDirect() returns the same room whoever asks", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const bob = await store.users.create("bob", "h");
    const first = await store.rooms.openDirect(alice.id, bob.id);
    const second = await store.rooms.openDirect(bob.id, alice.id);
    assert.deepEqual([first.created, second.created], [true, false]);
    assert.deepEqual(second.room.id, first.room.id);
    const [summary] = await store.rooms.listForUser(bob.id);
    assert.deepEqual(summary?.peer?.username, "alice");
  }));

Deno.test("duplicate usernames and room names are refused with codes", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    await assert.rejects(() => store.users.create("alice", "h"), { code: "username_taken" });
    await store.rooms.create("public", "general", "", alice.id);
    await assert.rejects(
      () => store.rooms.create("private", "general", "", alice.id),
      { code: "room_name_taken" },
    );
  }));

Deno.test("removeMember() passes ownership to the longest-standing member", () =>
  withStore(async (store) => {
    const alice = await store.users.create("alice", "h");
    const bob = await store.users.create("bob", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    await store.rooms.addMember(room.id, bob.id);
    assert.deepEqual(await store.rooms.removeMember(room.id, alice.id), true);
    assert.deepEqual((await store.rooms.get(room.id))?.owner_id, bob.id);
    assert.deepEqual((await store.rooms.membership(room.id, bob.id))?.role, "owner");
  }));

async function withBatchingStore(fn: (store: Store, batches: number[]) => Promise<void>) {
  const t = await openTestDatabase();
  const batches: number[] = [];
  try {
    await fn(createStore(t.db, { onBatch: (size) => batches.push(size) }), batches);
  } finally {
    await t.close();
  }
}

/** Three public rooms owned by alice with bob in each, and eve in none. */
async function threeRooms(store: Store) {
  const alice = await store.users.create("alice", "h");
  const bob = await store.users.create("bob", "h");
  const eve = await store.users.create("eve", "h");
  const rooms = await Promise.all(
    ["a", "b", "c"].map((name) => store.rooms.create("public", name, "", alice.id)),
  );
  for (const room of rooms) await store.rooms.addMember(room.id, bob.id);
  const send = (roomIndex: number, sender: string, clientMsgId: string, text: string) =>
    store.messages.append({
      roomId: rooms[roomIndex]!.id,
      senderId: sender,
      clientMsgId,
      kind: "text",
      text,
    });
  return { alice, bob, eve, rooms, send };
}

async function assertGapless(store: Store, roomIds: string[]) {
  for (const id of roomIds) {
    const { messages } = await store.messages.page(id, { limit: 200 });
    const last = (await store.rooms.get(id))!.last_seq;
    assert.deepEqual(messages.map((m) => m.seq), Array.from({ length: last }, (_, i) => i + 1));
  }
}

Deno.test("appends stored by one batch: seqs in submission order, duplicates and rejections exact", () =>
  withBatchingStore(async (store, batches) => {
    const { alice, bob, eve, rooms, send } = await threeRooms(store);
    const earlier = await send(0, alice.id, crypto.randomUUID(), "before");
    assert.equal(earlier.status, "stored");
    // Submitted in the same tick, so they form one batch.
    const results = await Promise.all([
      send(0, alice.id, crypto.randomUUID(), "m0"),
      ...Array.from(
        { length: 30 },
        (_, i) => send(i % 3, i % 2 ? alice.id : bob.id, crypto.randomUUID(), `m${i + 1}`),
      ),
      send(1, eve.id, crypto.randomUUID(), "not a member"),
      send(0, alice.id, earlier.status === "stored" ? earlier.message.client_msg_id : "", "again"),
    ]);
    assert.deepEqual(batches, [1, 33], "one statement stored the waiting appends");
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === "stored").length, 31);
    assert.deepEqual(statuses.slice(-2), ["rejected", "duplicate"]);
    const again = results.at(-1)!;
    assert.equal(again.status === "duplicate" && again.message.text, "before");
    await assertGapless(store, rooms.map((r) => r.id));
    const inA = results.flatMap((r) =>
      r.status === "stored" && r.message.room_id === rooms[0]!.id ? [r.message.text] : []
    );
    assert.deepEqual(inA, ["m0", ...Array.from({ length: 10 }, (_, i) => `m${i * 3 + 1}`)]);
    const lastInC = results.findLast((r) =>
      r.status === "stored" && r.message.room_id === rooms[2]!.id
    );
    const sender = lastInC?.status === "stored" ? lastInC.message.sender.id : "";
    const marker = await store.rooms.membership(rooms[2]!.id, sender);
    assert.equal(marker?.lastReadSeq, (await store.rooms.get(rooms[2]!.id))!.last_seq);
    assert.equal((await store.rooms.get(rooms[1]!.id))!.last_seq, 10, "eve's send took no seq");
  }));

Deno.test("a key repeated within one batch is stored once, the batch settled one by one", () =>
  withBatchingStore(async (store, batches) => {
    const { bob, rooms, send } = await threeRooms(store);
    const twice = crypto.randomUUID();
    const results = await Promise.all([
      send(2, bob.id, crypto.randomUUID(), "first"),
      send(2, bob.id, twice, "twice"),
      send(1, bob.id, crypto.randomUUID(), "other room"),
      send(2, bob.id, twice, "twice"),
    ]);
    assert.deepEqual(batches, [4]);
    assert.deepEqual(results.map((r) => r.status), ["stored", "stored", "stored", "duplicate"]);
    const [, first, , second] = results;
    assert.equal(
      first?.status === "stored" && second?.status === "duplicate" &&
        first.message.id === second.message.id,
      true,
    );
    await assertGapless(store, rooms.map((r) => r.id));
    assert.equal((await store.rooms.get(rooms[2]!.id))!.last_seq, 2);
  }));
