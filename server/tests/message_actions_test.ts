import assert from "node:assert/strict";
import {
  applyMessageChanges,
  type ClientFrameInput,
  type ErrorCode,
  type Message,
  type RoomEvent,
} from "../../shared/mod.ts";
import { busDrained } from "../testing/bus_drained.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

/** Sends an action frame and returns its ack's seq, or throws with the error frame's code. */
async function ack(ws: WsClient, frame: ClientFrameInput & { client_event_id?: string }) {
  ws.send(frame);
  const ref = frame.client_event_id ?? ("client_msg_id" in frame ? frame.client_msg_id : "");
  const answer = await ws.next((f) => (f.type === "ack" || f.type === "error") && f.ref === ref);
  if (answer.type === "error") throw new Error(answer.code);
  return answer.type === "ack" ? answer : assert.fail("unreachable");
}

/** Sends an action frame that must be refused with `code`, naming it by its key. */
async function refused(ws: WsClient, frame: ClientFrameInput, code: ErrorCode) {
  await assert.rejects(() => ack(ws, frame), new Error(code));
}

Deno.test("edit, react, reply, thread and delete over WebSocket: rules, acks, events with seq, resume", async () => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const room = await api(server.url, "POST", "/rooms", { name: "acts" }, alice.access_token);
    const roomId: string = room.body.room.id; // seq 1: alice joined
    await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token); // 2
    const [aliceWs, aliceOther, bobWs] = [
      await WsClient.connect(server.wsUrl, alice.access_token),
      await WsClient.connect(server.wsUrl, alice.access_token),
      await WsClient.connect(server.wsUrl, bob.access_token),
    ];
    clients.push(aliceWs, aliceOther, bobWs);
    const key = () => crypto.randomUUID();
    const base = { room_id: roomId };

    const hello = await ack(aliceWs, { type: "send", ...base, client_msg_id: key(), text: "helo" });
    assert.equal(hello.seq, 3);
    const on = { ...base, message_id: hello.message_id };

    // Edit: the author only; a repeated key is answered as the first time and applied once.
    await refused(
      bobWs,
      { type: "edit", ...on, client_event_id: key(), text: "bob's" },
      "forbidden",
    );
    const edit = { type: "edit", ...on, client_event_id: key(), text: "hello" } as const;
    assert.equal((await ack(aliceWs, edit)).seq, 4);
    assert.equal((await ack(aliceWs, { ...edit, text: "hello?" })).seq, 4, "the first answer");
    const edited = await eventAt(bobWs, 4, "message_edited");
    assert.deepEqual([edited.seq, edited.message.text, edited.actor.username], [
      4,
      "hello",
      "alice",
    ]);
    assert.notEqual(edited.message.edited_at, null);

    // Reactions: one per user, message and emoji; a second changes nothing (seq null).
    const thumbs = { type: "react", ...on, emoji: "👍" } as const;
    assert.equal((await ack(bobWs, { ...thumbs, client_event_id: key() })).seq, 5);
    assert.equal((await ack(bobWs, { ...thumbs, client_event_id: key() })).seq, null);
    const reacted = await eventAt(aliceWs, 5, "reaction_added");
    assert.deepEqual([reacted.emoji, reacted.message.reactions], ["👍", [{
      emoji: "👍",
      count: 1,
      users: [{ id: bob.user.id, username: "bob" }],
    }]]);
    await refused(bobWs, { ...thumbs, emoji: "nope", client_event_id: key() }, "invalid_request");

    // A reply in the thread of hello: the preview and the root's new count travel with it.
    const reply = await ack(bobWs, {
      type: "send",
      ...base,
      client_msg_id: key(),
      text: "hi!",
      reply_to: hello.message_id,
      thread_root_id: hello.message_id,
    });
    assert.equal(reply.seq, 6);
    const posted = await eventAt(aliceWs, 6, "message_posted");
    assert.deepEqual(posted.message.reply_to, {
      id: hello.message_id,
      sender: { id: alice.user.id, username: "alice" },
      text: "hello",
      deleted: false,
    });
    assert.deepEqual([posted.message.thread_root_id, posted.thread_root?.reply_count], [
      hello.message_id,
      1,
    ]);
    const nested = {
      type: "send" as const,
      ...base,
      text: "deeper",
      thread_root_id: reply.message_id,
    };
    await refused(bobWs, { ...nested, client_msg_id: key() }, "invalid_request");
    const unknown = { type: "send" as const, ...base, text: "?", reply_to: crypto.randomUUID() };
    await refused(bobWs, { ...unknown, client_msg_id: key() }, "message_not_found");

    // Delete: the author or the room's owner; the text is gone, a second delete changes nothing.
    await refused(bobWs, { type: "delete", ...on, client_event_id: key() }, "forbidden");
    const moderate = { type: "delete", ...base, message_id: reply.message_id } as const;
    assert.equal((await ack(aliceWs, { ...moderate, client_event_id: key() })).seq, 7);
    assert.equal((await ack(aliceWs, { ...moderate, client_event_id: key() })).seq, null);
    const deleted = await eventAt(bobWs, 7, "message_deleted");
    assert.deepEqual([deleted.message.deleted, deleted.message.text], [true, ""]);
    assert.equal(deleted.thread_root?.reply_count, 0, "a deleted reply no longer counts");
    const onReply = { ...base, message_id: reply.message_id };
    await refused(
      bobWs,
      { type: "edit", ...onReply, client_event_id: key(), text: "x" },
      "message_deleted",
    );
    const reactToDeleted = { type: "react", ...onReply, client_event_id: key(), emoji: "👍" };
    await refused(bobWs, reactToDeleted as ClientFrameInput, "message_deleted");

    // Leaving: reacting in a room I left is refused.
    await api(server.url, "POST", `/rooms/${roomId}/leave`, undefined, bob.access_token); // 8
    await refused(bobWs, { ...thumbs, emoji: "🎉", client_event_id: key() }, "not_member");

    // Every event reached alice once, in seq order, whatever its type.
    await eventAt(aliceWs, 8, "member_left");
    await busDrained(server.bus);
    aliceWs.send({ type: "ping" });
    await aliceWs.nextOfType("pong");
    const seqs = (ws: WsClient) =>
      ws.frames.flatMap((f) => f.type === "event" ? [f.event.seq] : []);
    assert.deepEqual(seqs(aliceWs), [3, 4, 7], "those not taken above, once each");
    assert.deepEqual(
      seqs(aliceOther),
      [3, 4, 5, 6, 7, 8],
      "alice's other connection: all of them",
    );

    // Read state: a read on one connection reaches the other.
    aliceWs.send({ type: "read", ...base, seq: 8 });
    const marker = await aliceOther.nextOfType("read_marker");
    assert.deepEqual([marker.room_id, marker.last_read_seq, marker.unread_count], [roomId, 8, 0]);

    // A client resuming from seq 2 holds, after the replay, what history shows.
    const later = await WsClient.connect(server.wsUrl);
    clients.push(later);
    later.send({ type: "hello", token: alice.access_token, resume: { [roomId]: 2 } });
    await later.nextOfType("welcome");
    const synced = await later.nextOfType("synced");
    assert.equal(synced.seq, 8);
    const replay = later.frames.flatMap((f) => f.type === "event" ? [f.event] : []);
    assert.deepEqual(replay.map((e) => e.seq), [3, 4, 5, 6, 7, 8]);
    const held = applyAll(replay);
    const history = await api(
      server.url,
      "GET",
      `/rooms/${roomId}/messages`,
      undefined,
      alice.access_token,
    );
    assert.deepEqual(held.filter((m) => m.thread_root_id === null), history.body.messages);
    const thread = await api(
      server.url,
      "GET",
      `/rooms/${roomId}/threads/${hello.message_id}/messages`,
      undefined,
      alice.access_token,
    );
    assert.deepEqual(held.filter((m) => m.thread_root_id !== null), thread.body.messages);
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});

/** The messages a client holds after applying `events` in order, as `events.ts` says. */
function applyAll(events: RoomEvent[]): Message[] {
  let held: Message[] = [];
  for (const e of events) {
    if (e.type === "message_posted") held.push(e.message);
    held = applyMessageChanges(held, [
      ..."message" in e ? [e.message] : [],
      ..."thread_root" in e && e.thread_root ? [e.thread_root] : [],
    ]);
  }
  return held;
}

/** The event with `seq`, which must be of `type`. */
async function eventAt<T extends RoomEvent["type"]>(ws: WsClient, seq: number, type: T) {
  const frame = await ws.next((f) => f.type === "event" && f.event.seq === seq);
  assert.equal(frame.type === "event" && frame.event.type, type);
  return (frame as unknown as { event: Extract<RoomEvent, { type: T }> }).event;
}
