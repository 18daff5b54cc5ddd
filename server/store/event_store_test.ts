import assert from "node:assert/strict";
import { ChatError } from "../../shared/mod.ts";
import { checkAction } from "../messages/action_rules.ts";
import { openTestDatabase } from "../testing/test_database.ts";
import type { MessageAction } from "./message_actions.ts";
import { createStore, type Store } from "./store.ts";

async function withRoom(
  fn: (s: {
    store: Store;
    alice: { id: string };
    bob: { id: string };
    roomId: string;
    send: (
      text: string,
      extra?: { replyTo?: string; threadRootId?: string },
    ) => Promise<{ id: string; seq: number }>;
    act: (a: MessageAction) => ReturnType<Store["actions"]["apply"]>;
    raw: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
  }) => Promise<void>,
) {
  const t = await openTestDatabase();
  try {
    const store = createStore(t.db);
    const alice = await store.users.create("alice", "h");
    const bob = await store.users.create("bob", "h");
    const room = await store.rooms.create("public", "general", "", alice.id);
    await store.rooms.addMember(room.id, bob.id, bob.id);
    const send = async (text: string, extra: { replyTo?: string; threadRootId?: string } = {}) => {
      const r = await store.messages.append({
        roomId: room.id,
        senderId: alice.id,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text,
        ...extra,
      });
      assert.equal(r.status, "stored");
      return r.status === "stored" ? r.message : { id: "", seq: 0 };
    };
    const act = (a: MessageAction) => store.actions.apply(a, (state) => checkAction(a, state));
    await fn({ store, alice, bob, roomId: room.id, send, act, raw: (q, p) => t.db.query(q, p) });
  } finally {
    await t.close();
  }
}

Deno.test("the event stream: every kind of event takes the room's next seq, and a range carries each message as it is now", () =>
  withRoom(async ({ store, alice, bob, roomId, send, act }) => {
    const root = await send("root"); // 3 (1, 2: the joins)
    const reply = await send("in the thread", { threadRootId: root.id, replyTo: root.id }); // 4
    const on = { roomId, messageId: root.id };
    assert.equal(
      (await act({ ...on, userId: alice.id, kind: "edit", text: "root, edited" })).seq,
      5,
    );
    assert.equal((await act({ ...on, userId: bob.id, kind: "react", emoji: "👍" })).seq, 6);
    assert.equal(
      (await act({ ...on, userId: bob.id, kind: "react", emoji: "👍" })).seq,
      null,
      "a reaction already there changes nothing and takes no seq",
    );
    assert.equal((await act({ ...on, userId: alice.id, kind: "react", emoji: "🎉" })).seq, 7);
    assert.equal((await act({ ...on, userId: alice.id, kind: "unreact", emoji: "🎉" })).seq, 8);
    const onReply = { roomId, messageId: reply.id, userId: alice.id };
    assert.equal((await act({ ...onReply, kind: "delete" })).seq, 9);
    assert.equal((await act({ ...onReply, kind: "delete" })).seq, null, "deleted already");
    assert.equal(
      (await store.rooms.update(roomId, { topic: "news" }, alice.id))?.last_seq,
      10,
      "room_updated",
    );
    assert.equal(await store.rooms.removeMember(roomId, bob.id), 11);

    const events = await store.events.range(roomId, 0, Number.MAX_SAFE_INTEGER, 100);
    assert.deepEqual(events.map((e) => [e.seq, e.type]), [
      [1, "member_joined"],
      [2, "member_joined"],
      [3, "message_posted"],
      [4, "message_posted"],
      [5, "message_edited"],
      [6, "reaction_added"],
      [7, "reaction_added"],
      [8, "reaction_removed"],
      [9, "message_deleted"],
      [10, "room_updated"],
      [11, "member_left"],
    ]);
    const posted = events[2]!;
    assert.equal(posted.type === "message_posted" && posted.message.text, "root, edited");
    assert.deepEqual(
      posted.type === "message_posted" && posted.message.reactions,
      [{ emoji: "👍", count: 1, users: [{ id: bob.id, username: "bob" }] }],
      "the replayed post carries today's reactions",
    );
    const replyPosted = events[3]!;
    assert.equal(replyPosted.type === "message_posted" && replyPosted.message.deleted, true);
    assert.equal(replyPosted.type === "message_posted" && replyPosted.message.text, "");
    assert.deepEqual(
      replyPosted.type === "message_posted" && replyPosted.message.reply_to,
      {
        id: root.id,
        sender: { id: alice.id, username: "alice" },
        text: "root, edited",
        deleted: false,
      },
    );
    assert.equal(
      replyPosted.type === "message_posted" && replyPosted.thread_root?.reply_count,
      0,
      "the deleted reply no longer counts",
    );
    const left = events[10]!;
    assert.equal(left.type === "member_left" && left.user.username, "bob");
    assert.equal(left.type === "member_left" && left.room.topic, "news");
    // A range cut by limit and bounds is exact.
    const middle = await store.events.range(roomId, 4, 9, 2);
    assert.deepEqual(middle.map((e) => e.seq), [5, 6]);
  }));

Deno.test("a delete erases the text and reactions from storage; a thread root counts replies that are not deleted", () =>
  withRoom(async ({ store, alice, bob, roomId, send, act, raw }) => {
    const root = await send("root");
    const first = await send("first reply", { threadRootId: root.id });
    await send("second reply", { threadRootId: root.id });
    let [stored] = await store.messages.byIds([root.id]);
    assert.equal(stored?.reply_count, 2);
    await act({ roomId, messageId: first.id, userId: bob.id, kind: "react", emoji: "❤️" });
    await act({ roomId, messageId: first.id, userId: alice.id, kind: "delete" });
    const [row] = await raw("select text, deleted from messages where id = $1", [first.id]);
    assert.deepEqual(row, { text: "", deleted: true });
    const reactions = await raw("select * from reactions where message_id = $1", [first.id]);
    assert.equal(reactions.length, 0);
    [stored] = await store.messages.byIds([root.id]);
    assert.equal(stored?.reply_count, 1);
    const timeline = await store.messages.page(roomId, { limit: 50 });
    assert.deepEqual(timeline.messages.map((m) => m.text), ["root"], "replies stay in the thread");
    const thread = await store.messages.page(roomId, { limit: 50, threadRootId: root.id });
    assert.deepEqual(thread.messages.map((m) => [m.text, m.deleted]), [
      ["", true],
      ["second reply", false],
    ]);
  }));

Deno.test("a repeated client_event_id is applied once and answered as the first time", () =>
  withRoom(async ({ store, bob, roomId, send, act }) => {
    const m = await send("hello");
    const key = crypto.randomUUID();
    const react = { roomId, messageId: m.id, userId: bob.id, clientEventId: key } as const;
    const first = await act({ ...react, kind: "react", emoji: "👍" });
    // The same key again, even for another action: the first answer, nothing applied.
    const again = await act({ ...react, kind: "unreact", emoji: "👍" });
    assert.deepEqual([first.seq, first.repeated], [4, false]);
    assert.deepEqual([again.seq, again.repeated], [4, true]);
    const [stored] = await store.messages.byIds([m.id]);
    assert.equal(stored?.reactions[0]?.count, 1);
    assert.equal((await store.rooms.get(roomId))?.last_seq, 4);
  }));

Deno.test("a refused action leaves nothing behind: no seq, no key, no change", () =>
  withRoom(async ({ store, bob, roomId, send, act }) => {
    const m = await send("alice's");
    const key = crypto.randomUUID();
    const edit = { roomId, messageId: m.id, userId: bob.id, clientEventId: key } as const;
    await assert.rejects(() => act({ ...edit, kind: "edit", text: "bob's now" }), (err) => {
      return err instanceof ChatError && err.code === "forbidden";
    });
    assert.equal((await store.rooms.get(roomId))?.last_seq, 3);
    const [stored] = await store.messages.byIds([m.id]);
    assert.deepEqual([stored?.text, stored?.edited_at], ["alice's", null]);
    // The key was not used up by the refusal: bob may use it for what he may do.
    const reacted = await act({ ...edit, kind: "react", emoji: "👀" });
    assert.deepEqual([reacted.seq, reacted.repeated], [4, false]);
  }));

Deno.test("unread counts leave out deleted messages and thread replies", () =>
  withRoom(async ({ store, alice, bob, roomId, send, act }) => {
    const root = await send("root");
    await send("reply", { threadRootId: root.id });
    const gone = await send("oops");
    await send("kept");
    const unread = async () =>
      (await store.rooms.listForUser(bob.id)).find((r) => r.id === roomId)?.unread_count;
    assert.equal(await unread(), 3, "root, oops, kept");
    await act({ roomId, messageId: gone.id, userId: alice.id, kind: "delete" });
    assert.equal(await unread(), 2);
    await act({ roomId, messageId: root.id, userId: bob.id, kind: "react", emoji: "👍" });
    assert.equal(await unread(), 2, "a reaction is no unread message");
    const [marker] = (await store.readMarkers.readMarkers(bob.id)).filter((m) =>
      m.room_id === roomId
    );
    assert.equal(marker?.unread_count, 2);
  }));
