/**
 * The fault test of the chat screen's client: alice runs the client that ships (socket, outbox,
 * action queue, reducer) while bob talks over HTTP; the server is killed with SIGKILL twice in
 * the middle of a conversation with edits, deletes and reactions. Afterwards what alice's screen
 * holds equals the room's history, message for message, in its current state.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Message } from "../../shared/mod.ts";
import { openServerHome } from "../../server/testing/server_home.ts";
import { freePort, type ServerProcess, spawnServer } from "../../server/testing/server_process.ts";
import { allMessages, api, signUp } from "../../server/testing/test_client.ts";
import { until } from "../../server/testing/within.ts";
import { ActionQueue } from "../client/action_queue.ts";
import { ApiClient } from "../client/api_client.ts";
import { createChatSocket } from "../client/chat_socket.ts";
import { Outbox } from "../client/outbox.ts";
import { MemoryOutboxStore } from "../client/outbox_file.ts";
import { resumePoints } from "../state/chat_state.ts";
import { HeadlessScreen } from "./headless_screen.ts";

/** Lines each side says per round; three rounds, a kill after the first two. */
const PER_ROUND = 6;

Deno.test("the screen's state equals history after two SIGKILLs amid edits, deletes and reactions", async () => {
  const home = await openServerHome("chat_tui_crash_");
  const port = freePort();
  let server: ServerProcess | undefined = await spawnServer({ port, home });
  const url = server.url;
  let screen: HeadlessScreen | undefined;
  const closers: (() => void)[] = [];
  try {
    const alice = await signUp(url, "alice");
    const bob = await signUp(url, "bob");
    const created = await api(url, "POST", "/rooms", { name: "crash" }, alice.access_token);
    const roomId: string = created.body.room.id;
    await api(url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    const tokens = {
      accessToken: () => alice.access_token,
      refresh: () => Promise.reject(new Error("no refresh in this test")),
    };
    const aliceApi = new ApiClient({ baseUrl: url, tokens });
    const me = await aliceApi.me();
    const socket = createChatSocket({
      url,
      session: {
        freshAccessToken: () => Promise.resolve(alice.access_token),
        refresh: tokens.refresh,
      },
      backoff: { baseMs: 100, maxMs: 1_000 },
    });
    const outbox = new Outbox({ socket, store: new MemoryOutboxStore(), userId: me.id });
    const actions = new ActionQueue({ socket });
    closers.push(() => socket.close(), () => outbox.close(), () => actions.close());
    screen = new HeadlessScreen({ api: aliceApi, socket, outbox, actions, me, room: roomId });
    const s = screen;
    await until(() => s.state.rooms[roomId]?.history === "loaded", 10_000, "alice's screen");

    /** bob's HTTP calls, each repeated with its idempotency key until the server answers. */
    const bobCall = async (method: string, path: string, body?: unknown) => {
      for (;;) {
        try {
          const res = await api(url, method, `/rooms/${roomId}${path}`, body, bob.access_token);
          if (res.status < 500) return res.body;
        } catch { /* the server is down: again */ }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const held = () => s.state.rooms[roomId]?.messages ?? [];
    const mine = (text: string) => held().find((m) => m.text === text && m.sender.id === me.id);

    for (let round = 0; round < 3; round++) {
      const bobs: Message[] = [];
      for (let i = 0; i < PER_ROUND; i++) {
        s.say(`alice ${round}.${i}`);
        const body = { text: `bob ${round}.${i}`, client_msg_id: crypto.randomUUID() };
        bobs.push((await bobCall("POST", "/messages", body)).message);
      }
      await until(() => mine(`alice ${round}.${PER_ROUND - 1}`) !== undefined, 30_000, "lines");
      const first = mine(`alice ${round}.0`)!;
      const second = mine(`alice ${round}.1`)!;
      s.act({
        type: "edit",
        room_id: roomId,
        message_id: first.id,
        text: `alice ${round}.0 (fixed)`,
      });
      s.act({ type: "delete", room_id: roomId, message_id: second.id });
      s.act({ type: "react", room_id: roomId, message_id: bobs[0]!.id, emoji: "👍" });
      const key = `client_event_id=${crypto.randomUUID()}`;
      await bobCall("PUT", `/messages/${first.id}/reactions/${encodeURIComponent("🎉")}?${key}`);
      await bobCall("PATCH", `/messages/${bobs[1]!.id}`, {
        text: `bob ${round}.1 (edited)`,
        client_event_id: crypto.randomUUID(),
      });
      await bobCall("DELETE", `/messages/${bobs[2]!.id}?client_event_id=${crypto.randomUUID()}`);
      if (round < 2) {
        // Killed while alice's actions and the events of bob's may still be on their way.
        server.kill("SIGKILL");
        await server.exited();
        server = undefined;
        server = await spawnServer({ port, home });
      }
    }

    const last = async () => (await aliceApi.rooms()).find((r) => r.id === roomId)!.last_seq;
    const target = await last();
    await until(
      () =>
        outbox.pending.length === 0 && actions.pending.length === 0 &&
        s.state.rooms[roomId]!.syncedSeq >= target,
      30_000,
      () => `alice's screen caught up: ${JSON.stringify(resumePoints(s.state))}, ${target}`,
    );
    const history = await allMessages(url, alice.access_token, roomId);
    assert.equal(history.length, 6 * PER_ROUND);
    assert.equal(history.filter((m) => m.deleted).length, 6);
    assert.equal(history.filter((m) => m.edited_at !== null).length, 6);
    assert.deepEqual(
      held(),
      history,
      "the screen's messages are history's, in their current state",
    );
    assert.deepEqual(s.state.rooms[roomId]!.pending, []);
    assert.deepEqual(s.state.actions, {});
  } finally {
    screen?.close();
    for (const close of closers) close();
    server?.kill("SIGKILL");
    await server?.exited();
    await home.close();
  }
});
