import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { Message, Room, SendFrame, TokenPair, User } from "../../shared/mod.ts";
import type { z } from "zod";
import { signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { ApiClient } from "../client/api_client.ts";
import { Outbox } from "../client/outbox.ts";
import { MemoryOutboxStore } from "../client/outbox_file.ts";
import { FakeChatSocket } from "../tests/fake_chat_socket.ts";
import { changedEvent, eventFrame, posted } from "../tests/fixtures.ts";
import { ChatScreen } from "./chat_screen.tsx";

const KEYS = {
  ctrlN: "\x0e",
  ctrlP: "\x10",
  ctrlC: "\x03",
  ctrlU: "\x15",
  pageUp: "\x1b[5~",
  escape: "\x1b",
  altEnter: "\x1b\r",
  altS: "\x1bs",
};

function apiFor(url: string, tokens: TokenPair): ApiClient {
  const refresh = () => Promise.reject(new Error("no refresh in this test"));
  return new ApiClient({
    baseUrl: url,
    tokens: { accessToken: () => tokens.access_token, refresh },
  });
}

/** The last `read` frame sent, once the screen has sent one for `roomId` up to `seq`. */
async function readSent(socket: FakeChatSocket, roomId: string, seq: number) {
  const last = () => socket.sentOfType("read").at(-1);
  await until(
    () => JSON.stringify(last()),
    () => last()?.room_id === roomId && last()?.seq === seq,
  );
}

/** Polls `check` until it passes or `timeoutMs` runs out, then fails with the last frame. */
async function until(
  frame: () => string | undefined,
  check: (f: string) => boolean,
  timeoutMs = 3_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!check(frame() ?? "")) {
    if (Date.now() > deadline) throw new Error(`timed out; screen:\n${frame()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("ChatScreen against a real server, with the socket played by the test", async (t) => {
  const server = await startTestServer();
  const aliceTokens = await signUp(server.url, "alice");
  const bobTokens = await signUp(server.url, "bob");
  const alice = apiFor(server.url, aliceTokens);
  const bob = apiFor(server.url, bobTokens);
  const me: User = await alice.me();
  const general: Room = await alice.createRoom({ name: "general", topic: "All hands" });
  const random: Room = await alice.createRoom({ name: "random" });
  await bob.joinRoom(general.id);
  await bob.joinRoom(random.id);
  const post = (
    api: ApiClient,
    room: Room,
    text: string,
    client_msg_id: string = crypto.randomUUID(),
  ) => api.sendMessage(room.id, { text, client_msg_id });
  // More than one page (50), so that scrolling up has older history to fetch.
  for (let i = 1; i <= 60; i++) await post(bob, general, `backlog ${i}`);

  const socket = new FakeChatSocket();
  const outbox = new Outbox({ socket, store: new MemoryOutboxStore(), userId: me.id });
  let quit = 0;
  const rooms: string[] = [];
  const screen = render(
    <ChatScreen
      api={alice}
      socket={socket}
      outbox={outbox}
      me={me}
      initialRoomId="general"
      onRoomChange={(id) => rooms.push(id)}
      columns={100}
      rows={30}
      onQuit={() => quit++}
    />,
  );
  const frame = screen.lastFrame;
  // Ink handles a write synchronously (a lone Esc waits for what may follow it): what a key
  // changes on screen is awaited with until().
  const type = (keys: string) => screen.stdin.write(keys);
  const deliver = (message: Message) => socket.receive(eventFrame(posted(message)));

  let live: Message | undefined;
  let meToo: Message | undefined;
  try {
    await t.step("loads my rooms, the newest history and the member count", async () => {
      await until(frame, (f) => f.includes("backlog 60") && f.includes("2 members"));
      assert.match(frame()!, /#general — All hands/);
      assert.match(frame()!, /#random/);
      assert.deepEqual(rooms, [general.id]);
      // backlog 1-60 are seqs 3-62: seqs 1 and 2 are alice's and bob's joins
      await readSent(socket, general.id, 62);
    });

    await t.step(
      "live messages show up; rooms not shown count unread and mark mentions",
      async () => {
        live = await post(bob, general, "live in general");
        deliver(live);
        deliver(await post(bob, random, "hey @alice, lunch?"));
        await until(frame, (f) => f.includes("live in general") && /#random\s+@1/.test(f));
        await readSent(socket, general.id, 63);
      },
    );

    await t.step("Enter sends a message, pending until its ack; typing goes out once", async () => {
      type("hello ");
      type("everyone");
      await until(frame, (f) => f.includes("hello everyone"));
      assert.equal(socket.sentOfType("typing").length, 1, "typing at most every 3 s");
      type("\r");
      const [send] = socket.sentOfType("send") as z.input<typeof SendFrame>[];
      assert.equal(send?.text, "hello everyone");
      assert.match(send!.client_msg_id, /^[0-9a-f-]{36}$/);
      await until(frame, (f) => f.includes("hello everyone (sending…)"));
      const stored = await post(alice, general, "hello everyone", send!.client_msg_id);
      socket.receive({
        type: "ack",
        room_id: general.id,
        ref: send!.client_msg_id,
        message_id: stored.id,
        seq: stored.seq,
      });
      await until(frame, (f) => f.includes("hello everyone") && !f.includes("(sending…)"));
    });

    await t.step("typing events show who is typing", async () => {
      socket.receive({ type: "typing", room_id: general.id, user: { id: "x", username: "bob" } });
      await until(frame, (f) => f.includes("bob is typing…"));
    });

    await t.step(
      "an edit and then a delete arriving as events change the message shown",
      async () => {
        const edited = { ...live!, text: "live, edited", edited_at: new Date().toISOString() };
        socket.receive(eventFrame(changedEvent("message_edited", edited, live!.seq)));
        await until(frame, (f) => /bob +│ live, edited \(edited\)/.test(f));
        const tombstone = { ...live!, text: "", deleted: true };
        socket.receive(eventFrame(changedEvent("message_deleted", tombstone, live!.seq)));
        await until(frame, (f) => f.includes("│ message deleted") && !f.includes("live, edited"));
      },
    );

    await t.step("Ctrl+N shows the next room, reads it and clears its unread count", async () => {
      type(KEYS.ctrlN);
      await until(frame, (f) => f.includes("hey @alice, lunch?") && !/#random\s+@1/.test(f));
      await readSent(socket, random.id, 3);
      assert.deepEqual(rooms, [general.id, random.id]);
      type(KEYS.ctrlP);
      await until(frame, (f) => f.includes("hello everyone"));
    });

    await t.step("Alt+Enter puts a line break in the message; Enter sends both lines", async () => {
      type("line one");
      type(KEYS.altEnter);
      type("line two");
      await until(frame, (f) => /line one\s*\n.*line two/.test(f));
      type("\r");
      const send = socket.sentOfType("send").at(-1)!;
      assert.equal(send.text, "line one\nline two");
      await until(frame, (f) => /alice │ line one\s*\n.*│ line two \(sending…\)/.test(f));
      const stored = await post(alice, general, send.text, send.client_msg_id);
      socket.receive({
        type: "ack",
        room_id: general.id,
        ref: send.client_msg_id,
        message_id: stored.id,
        seq: stored.seq,
      });
      await until(frame, (f) => /│ line two\s*\n/.test(f) && !f.includes("(sending…)"));
    });

    await t.step("PgUp scrolls back and fetches older history with before_seq", async () => {
      for (let i = 0; i < 40 && !/backlog 1\s*\n/.test(frame()!); i++) {
        const before = frame();
        type(KEYS.pageUp);
        await until(frame, (f) => f !== before && !f.includes("loading history…"));
      }
      await until(frame, (f) => /backlog 1\s*\n/.test(f));
      assert.match(frame()!, /-MORE- Esc/);
      type(KEYS.escape);
      await until(frame, (f) => f.includes("hello everyone") && !f.includes("-MORE-"));
    });

    await t.step("Esc typed just before a key is Esc and then the key, not Alt+key", async () => {
      type(KEYS.pageUp);
      await until(frame, (f) => f.includes("-MORE-"));
      type(`${KEYS.escape}x`);
      await until(frame, (f) => !f.includes("-MORE-") && f.includes("[#general] x"));
      type(KEYS.ctrlU);
      await until(frame, (f) => !f.includes("[#general] x"));
    });

    await t.step(
      "Alt+S selects; e edits my message, d deletes, r replies; refusals are shown",
      async () => {
        // Each key waits for the screen: a key acts on the state the previous one left.
        type(KEYS.altS);
        await until(frame, (f) => f.includes("↑/↓ or k/j move") && f.includes("alice > line one"));
        type("k");
        await until(frame, (f) => f.includes("alice > hello everyone"));
        type("e");
        await until(frame, (f) => f.includes("[edit] hello everyone"));
        type(KEYS.ctrlU);
        type("hello, everyone\r");
        const [edit] = socket.sentOfType("edit");
        assert.equal(edit?.text, "hello, everyone");
        assert.match(edit!.client_event_id, /^[0-9a-f-]{36}$/);
        socket.receive({
          type: "error",
          code: "invalid_request",
          message: "edit is not served yet",
          ref: edit!.client_event_id,
        });
        await until(frame, (f) => f.includes("Cannot edit the message: edit is not served yet"));

        type("/react :tada:\r");
        await until(() => JSON.stringify(socket.sentOfType("react")), (f) => f.includes("🎉"));

        type(KEYS.altS);
        await until(frame, (f) => f.includes("alice > line one"));
        type("d");
        await until(frame, (f) => /Delete alice's message "line one line two"\? y deletes/.test(f));
        type("y");
        await until(() => String(socket.sentOfType("delete").length), (n) => n === "1");

        type(KEYS.altS);
        await until(frame, (f) => f.includes("alice > line one"));
        type("k");
        await until(frame, (f) => f.includes("alice > hello everyone"));
        type("r");
        await until(frame, (f) => f.includes("[reply to alice]"));
        type("me too\r");
        const reply = socket.sentOfType("send").at(-1)!;
        assert.equal(reply.text, "me too");
        assert.equal(reply.reply_to, edit!.message_id);
        const stored = await post(alice, general, "me too", reply.client_msg_id);
        meToo = stored;
        socket.receive({
          type: "ack",
          room_id: general.id,
          ref: reply.client_msg_id,
          message_id: stored.id,
          seq: stored.seq,
        });
        await until(frame, (f) => /│ ↪ alice: hello everyone\s*\n.*alice │ me too/.test(f));
      },
    );

    await t.step("t opens a message's thread, with its own input line; Esc returns", async () => {
      type(KEYS.altS);
      await until(frame, (f) => f.includes("alice > me too"));
      type("t");
      await until(
        frame,
        (f) => f.includes("› thread (Esc returns)") && f.includes("[#general thread]"),
      );
      type("in the thread\r");
      const send = socket.sentOfType("send").at(-1)!;
      assert.equal(send.text, "in the thread");
      assert.equal(send.thread_root_id, meToo!.id);
      const stored = await post(alice, general, "in the thread", send.client_msg_id);
      socket.receive({
        type: "ack",
        room_id: general.id,
        ref: send.client_msg_id,
        message_id: stored.id,
        seq: stored.seq,
      });
      await until(frame, (f) => /alice │ in the thread\s*\n/.test(f));
      type(KEYS.escape);
      await until(frame, (f) => f.includes("#general — All hands") && !f.includes("in the thread"));
    });

    await t.step(
      "a reconnect resumes from the last seq held, applies the replay and sends unsent lines",
      async () => {
        const held = socket.resume!()[general.id]!;
        socket.setStatus({
          state: "reconnecting",
          attempt: 1,
          retryInMs: 5_000,
          retryAt: Date.now() + 5_000,
        });
        await until(frame, (f) => /reconnecting in \ds/.test(f));
        const missed = [];
        for (const text of ["missed one", "missed two"]) {
          missed.push(await post(bob, general, text));
        }
        type("written offline\r");
        await until(frame, (f) => f.includes("written offline (sending…)"));
        const sends = socket.sentOfType("send").length;
        // What the socket sends in its next hello.
        assert.equal(socket.resume!()[general.id], held);
        socket.setStatus({ state: "connected" });
        for (const m of missed) deliver(m);
        socket.receive({
          type: "synced",
          room_id: general.id,
          seq: missed[1]!.seq,
          truncated: false,
        });
        await until(frame, (f) => f.includes("missed one") && f.includes("missed two"));
        assert.equal(socket.resume!()[general.id], missed[1]!.seq);
        assert.equal(socket.sentOfType("send").length, sends + 1);
        assert.equal(socket.sentOfType("send").at(-1)?.text, "written offline");
      },
    );

    await t.step("/dm opens the direct room; unknown commands say so", async () => {
      type("/dm bob\r");
      await until(frame, (f) => f.includes("bob (direct)") && f.includes("Direct"));
      type("/x\r");
      await until(frame, (f) => f.includes("unknown command: /x (try /help)"));
      type("/topic secrets\r");
      await until(
        frame,
        (f) => f.includes("Cannot use /topic with bob: direct conversations have no topic"),
      );
      type("/invite carol\r");
      await until(frame, (f) => f.includes("Cannot use /invite with bob"));
    });

    await t.step("/create, /topic, /invite, /who, /me, /leave and /join", async () => {
      type("/create ops --private\r");
      await until(frame, (f) => f.includes("[#ops]"));
      type("/topic Deploys only\r");
      await until(frame, (f) => f.includes("#ops — Deploys only"));
      type("/invite bob\r");
      await until(frame, (f) => f.includes("Invited bob to #ops"));
      type("/who\r");
      await until(frame, (f) => f.includes("2 in #ops: alice, bob"));
      type("/me deploys\r");
      const action = socket.sentOfType("send").at(-1);
      assert.equal(action?.kind, "action");
      assert.equal(action?.text, "deploys");
      await until(frame, (f) => f.includes("* │ alice deploys (sending…)"));
      type("/leave\r");
      await until(frame, (f) => f.includes("You left #ops") && !/^ #ops/m.test(f));
      const lobby = await bob.createRoom({ name: "lobby" });
      await post(bob, lobby, "welcome to the lobby");
      // Public room names load once "/join " is typed; Tab completes as soon as they are in.
      type("/join lob");
      await until(frame, (f) => {
        const done = /\] \/join lobby\b/.test(f);
        if (!done) type("\t");
        return done;
      });
      type("\r");
      await until(frame, (f) => f.includes("[#lobby]") && /^ #lobby/m.test(f));
      // A room joined here is marked read on the server, like any other room shown.
      await readSent(socket, lobby.id, 2); // after bob's own join at seq 1
    });

    await t.step("Ctrl+C with unacknowledged messages asks first; a second one quits", async () => {
      type(KEYS.ctrlC);
      await until(frame, (f) => /not sent yet: quit again within 5 s/.test(f));
      assert.equal(quit, 0);
      type(KEYS.ctrlC);
      await until(() => String(quit), (q) => q === "1");
    });
  } finally {
    screen.unmount();
    outbox.close();
    await server.close();
  }
});
