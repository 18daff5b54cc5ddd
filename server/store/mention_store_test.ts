import assert from "node:assert/strict";
import { mentionedNames } from "../../shared/mod.ts";
import type { SqlExecutor } from "../db/sql_executor.ts";
import { openTestDatabase } from "../testing/test_database.ts";
import { createStore, type Store } from "./store.ts";

interface World {
  store: Store;
  db: SqlExecutor;
  users: Record<"alice" | "bob" | "carol" | "dave", string>;
  room: string;
  post(senderId: string, text: string, roomId?: string): Promise<string>;
  /** Usernames the message mentions, sorted. */
  mentioned(messageId: string): Promise<string[]>;
  /** What the event stream's edit and delete do to a message's text (delete erases it). */
  setText(messageId: string, text: string): Promise<void>;
}

/** alice (owner), bob and carol in a public room; dave outside it. */
async function withWorld(fn: (w: World) => Promise<void>) {
  const t = await openTestDatabase();
  const store = createStore(t.db);
  try {
    const users = {} as World["users"];
    for (const name of ["alice", "bob", "carol", "dave"] as const) {
      users[name] = (await store.users.create(name, "h")).id;
    }
    const room = (await store.rooms.create("public", "general", "", users.alice)).id;
    await store.rooms.addMember(room, users.bob, users.bob);
    await store.rooms.addMember(room, users.carol, users.carol);
    const post = async (senderId: string, text: string, roomId = room) => {
      const stored = await store.messages.append({
        roomId,
        senderId,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text,
      });
      assert.equal(stored.status, "stored");
      return stored.status === "stored" ? stored.message.id : "";
    };
    const mentioned = async (messageId: string) =>
      (await t.db.query(
        `select u.username from mentions mn join users u on u.id = mn.user_id
         where mn.message_id = $1 order by u.username`,
        [messageId],
      )).map((r) => String(r.username));
    const setText = async (messageId: string, text: string) => {
      await t.db.query("update messages set text = $2 where id = $1", [messageId, text]);
    };
    await fn({ store, db: t.db, users, room, post, mentioned, setText });
  } finally {
    await t.close();
  }
}

Deno.test("mentioned_names() in SQL and mentionedNames() in shared/ agree", () =>
  withWorld(async ({ db }) => {
    const samples = [
      "@alice hi",
      "hi @Alice, and @bob!",
      "mail me@alice.dev or @@bob",
      "@ab too short, @abcdefghijklmnopqrstuvwxyz0123456 too long",
      "@room: deploy\n@carol_2 (@dave)",
      "x@room @room_ops",
      "",
    ];
    for (const text of samples) {
      const [row] = await db.query("select mentioned_names($1) as names", [text]);
      assert.deepEqual(
        [...(row!.names as string[])].sort(),
        mentionedNames(text).sort(),
        JSON.stringify(text),
      );
    }
    assert.deepEqual(mentionedNames("hi @Alice, and @bob!").sort(), ["alice", "bob"]);
  }));

Deno.test("a message mentions the members it names, never its sender or outsiders", () =>
  withWorld(async ({ users, post, mentioned }) => {
    const id = await post(users.alice, "@bob @carol @dave @alice @nobody look");
    assert.deepEqual(await mentioned(id), ["bob", "carol"]);
  }));

Deno.test("@room mentions every member but the sender; an edit keeps it but cannot add it", () =>
  withWorld(async ({ users, post, mentioned, setText }) => {
    const everyone = await post(users.bob, "@room standup now");
    assert.deepEqual(await mentioned(everyone), ["alice", "carol"]);
    await setText(everyone, "@room standup in 5");
    assert.deepEqual(await mentioned(everyone), ["alice", "carol"]);
    const plain = await post(users.bob, "standup");
    await setText(plain, "@room standup");
    assert.deepEqual(await mentioned(plain), [], "@room added by an edit notifies nobody");
  }));

Deno.test("an edit re-checks mentions and a delete drops them", () =>
  withWorld(async ({ users, post, mentioned, setText }) => {
    const id = await post(users.alice, "ask @bob");
    await setText(id, "ask @carol instead");
    assert.deepEqual(await mentioned(id), ["carol"]);
    await setText(id, "");
    assert.deepEqual(await mentioned(id), []);
  }));

Deno.test("every message of a direct room mentions the other member", () =>
  withWorld(async ({ store, users, post, mentioned }) => {
    const dm = (await store.rooms.openDirect(users.alice, users.dave)).room.id;
    assert.deepEqual(await mentioned(await post(users.alice, "hello", dm)), ["dave"]);
    assert.deepEqual(await mentioned(await post(users.dave, "hi @room", dm)), ["alice"]);
  }));

Deno.test("list() pages my mentions newest first, only in rooms I can read", () =>
  withWorld(async ({ store, users, room, post }) => {
    const hideout = (await store.rooms.create("private", "hideout", "", users.alice)).id;
    await store.rooms.addMember(hideout, users.bob, users.alice);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await post(users.alice, `@bob ping ${i}`));
    const secret = await post(users.alice, "@bob in the hideout", hideout);
    const all = await store.mentions.list(users.bob, 50);
    assert.deepEqual(all.map((m) => m.message.id), [secret, ...ids.reverse()]);
    assert.deepEqual(all[0]!.room, { id: hideout, kind: "private", name: "hideout" });
    assert.ok(all.every((m) => m.unread));
    const first = await store.mentions.list(users.bob, 2);
    assert.equal(first.length, 3, "one more than the limit says more exist");
    const next = await store.mentions.list(users.bob, 2, first[1]!.message.id);
    assert.deepEqual(next.map((m) => m.message.id), all.slice(2, 5).map((m) => m.message.id));
    await store.rooms.removeMember(hideout, users.bob);
    assert.equal((await store.mentions.list(users.bob, 50)).length, 5, "left the private room");
    // seqs 1-3 are the three joins, the pings 4-8: bob reads the first three
    await store.readMarkers.markRead(room, users.bob, 6);
    const read = (await store.mentions.list(users.bob, 50)).map((m) => m.unread);
    assert.deepEqual(read, [true, true, false, false, false]);
  }));

Deno.test("the room list counts unread mentions and reports the level in force", () =>
  withWorld(async ({ store, users, room, post, setText }) => {
    const dm = (await store.rooms.openDirect(users.alice, users.bob)).room.id;
    await post(users.alice, "@bob one");
    const edited = await post(users.alice, "@bob two");
    await post(users.alice, "@carol only");
    await post(users.alice, "dm", dm);
    const counts = async () =>
      Object.fromEntries(
        (await store.rooms.listForUser(users.bob)).map((
          r,
        ) => [r.kind, [r.mention_count, r.notification_level]]),
      );
    assert.deepEqual(await counts(), { public: [2, "mentions"], direct: [1, "all"] });
    await setText(edited, "nobody now");
    assert.deepEqual((await counts()).public, [1, "mentions"]);
    // "@bob one" is seq 4, after the three joins
    const [message] = (await store.messages.page(room, { limit: 1, beforeSeq: 5 })).messages;
    await store.readMarkers.markRead(room, users.bob, message!.seq);
    assert.deepEqual((await counts()).public, [0, "mentions"]);
    assert.equal(await store.mentions.setLevel(room, users.bob, "none"), "none");
    assert.equal(await store.mentions.setLevel(dm, users.bob, "mentions"), "mentions");
    assert.deepEqual(await counts(), { public: [0, "none"], direct: [1, "mentions"] });
    assert.equal(await store.mentions.setLevel(room, users.dave, "all"), null, "not a member");
  }));
