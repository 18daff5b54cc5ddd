import assert from "node:assert/strict";
import { message, room, user } from "../tests/fixtures.ts";
import { newRoomEntry, type RoomEntry } from "./chat_state.ts";
import { messageRows } from "./message_layout.ts";
import { scrollBy, visibleRows } from "./viewport.ts";

const alice = user("alice");
const bob = user("bob");
const general = room("general");
const ctx = { width: 60, me: alice };

function entryWith(count: number, text = (seq: number) => `line ${seq}`): RoomEntry {
  const messages = Array.from(
    { length: count },
    (_, i) => message(general, i + 1, bob, text(i + 1)),
  );
  return { ...newRoomEntry(general), messages, history: "loaded" };
}
const texts = (entry: RoomEntry, height: number) =>
  visibleRows(entry, ctx, height).rows.map((r) =>
    r.type === "day" ? `[${r.label.trim()}]` : r.text
  );

Deno.test("visibleRows() shows the newest rows, bottom-aligned", () => {
  assert.deepEqual(texts(entryWith(10), 3), ["line 8", "line 9", "line 10"]);
  const short = visibleRows(entryWith(2), ctx, 10);
  assert.equal(short.rows.length, 3, "a day separator and two messages");
  assert.equal(short.atTop, true);
});

Deno.test("visibleRows() lays out only the messages in view", () => {
  const entry = entryWith(10_000);
  let reads = 0;
  const messages = new Proxy(entry.messages, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const { rows, atTop } = visibleRows({ ...entry, messages }, ctx, 20);
  assert.equal(rows.length, 20);
  assert.equal(atTop, false);
  assert.ok(reads < 500, `${reads} of 10,000 messages read for 20 rows`);
});

Deno.test("a day separator precedes the first message of each day", () => {
  const entry = entryWith(3);
  const messages = [
    entry.messages[0]!,
    message(general, 2, bob, "late", { created_at: new Date(2025, 2, 4, 23, 59).toISOString() }),
    message(general, 3, bob, "early", { created_at: new Date(2025, 2, 5, 0, 1).toISOString() }),
  ];
  const rows = texts({ ...entry, messages }, 10);
  assert.equal(rows.length, 5);
  assert.match(rows[0]!, /Tuesday 4 March 2025/);
  assert.match(rows[3]!, /Wednesday 5 March 2025/);
  assert.equal(rows[4], "early");
});

Deno.test("long messages wrap to the text column and scroll row by row", () => {
  const entry = entryWith(5, (seq) => seq === 5 ? "word ".repeat(30) : `line ${seq}`);
  const height = messageRows(entry, 4, ctx).length;
  assert.ok(height > 3, "the long message takes several rows");
  const { scroll } = scrollBy(entry, ctx, { width: 60, height: 4 }, 1);
  assert.deepEqual(scroll, { seq: 5, skip: 1 });
  const up = texts({ ...entry, scroll }, 4);
  assert.equal(up.at(-1), texts(entry, 4).at(-2), "the view moved one row up");
});

Deno.test("scrollBy() stops at the top with the first message on the first row", () => {
  const entry = entryWith(20);
  const { scroll, atTop } = scrollBy(entry, ctx, { width: 60, height: 5 }, 100);
  assert.equal(atTop, true);
  const rows = texts({ ...entry, scroll }, 5);
  assert.match(rows[0]!, /March/);
  assert.equal(rows[1], "line 1");
  assert.equal(rows.length, 5);
});

Deno.test("my pending messages are listed last, with a marker, and failures say why", () => {
  const entry: RoomEntry = {
    ...entryWith(1),
    pending: [
      {
        room_id: general.id,
        client_msg_id: "c1",
        kind: "text",
        text: "on its way",
        created_at: new Date(2025, 2, 4, 12, 5).toISOString(),
        error: null,
      },
      {
        room_id: general.id,
        client_msg_id: "c2",
        kind: "text",
        text: "too fast",
        created_at: new Date(2025, 2, 4, 12, 5).toISOString(),
        error: "Slow down",
      },
    ],
  };
  assert.deepEqual(texts(entry, 2), ["on its way (sending…)", "too fast (not sent: Slow down)"]);
});
