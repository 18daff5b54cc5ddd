import assert from "node:assert/strict";
import { createStore } from "../store/store.ts";
import { openTestDatabase } from "../testing/test_database.ts";
import { loadMigrations, migrate } from "./migrate.ts";

Deno.test("a database made by the migrations before the event stream, holding messages, upgrades in place with every message and seq kept", async () => {
  const t = await openTestDatabase({ migrated: false });
  try {
    const all = await loadMigrations();
    // The database as it was: 001 and 003, without 002_event_stream.sql.
    await migrate(t.db, all.filter((m) => m.name !== "002_event_stream.sql"));
    const [alice] = await t.db.query(
      "insert into users (username, password_hash) values ('alice', 'h') returning id",
    );
    const [room] = await t.db.query(
      `insert into rooms (kind, name, owner_id, last_seq) values ('public', 'old', $1, 3)
       returning id`,
      [alice!.id],
    );
    await t.db.query(
      "insert into room_members (room_id, user_id, role, last_read_seq) values ($1, $2, 'owner', 1)",
      [room!.id, alice!.id],
    );
    for (const seq of [1, 2, 3]) {
      await t.db.query(
        `insert into messages (room_id, seq, sender_id, client_msg_id, text)
         values ($1, $2, $3, gen_random_uuid(), $4)`,
        [room!.id, seq, alice!.id, `old ${seq}`],
      );
    }

    assert.deepEqual(await migrate(t.db, all), ["002_event_stream.sql"]);

    const store = createStore(t.db);
    const roomId = String(room!.id);
    const events = await store.events.range(roomId, 0, Number.MAX_SAFE_INTEGER, 100);
    assert.deepEqual(
      events.map((e) => e.type === "message_posted" && [e.seq, e.message.text, e.message.deleted]),
      [[1, "old 1", false], [2, "old 2", false], [3, "old 3", false]],
    );
    // The stream goes on from the kept seq.
    const sent = await store.messages.append({
      roomId,
      senderId: String(alice!.id),
      clientMsgId: crypto.randomUUID(),
      kind: "text",
      text: "new",
    });
    assert.equal(sent.status === "stored" && sent.message.seq, 4);
  } finally {
    await t.close();
  }
});
