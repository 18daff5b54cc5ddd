import assert from "node:assert/strict";
import {
  CLOSE_CODES,
  type ErrorCode,
  HELLO_TIMEOUT_MS,
  MESSAGE_MAX_LENGTH,
  PROTOCOL_VERSION,
} from "../../shared/mod.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";
import { within } from "../testing/within.ts";

/** The next `error` frame, checked for its code and `ref`. */
async function expectErrorFrame(ws: WsClient, code: ErrorCode, ref?: string) {
  const frame = await ws.nextOfType("error");
  assert.equal(frame.code, code, frame.message);
  assert.equal(frame.ref, ref);
  assert.notEqual(frame.message, "");
  return frame;
}

Deno.test("WebSocket protocol: bad frames get error frames and leave the connection open", async (t) => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  const connect = async (token?: string) => {
    const ws = await WsClient.connect(server.wsUrl, token);
    clients.push(ws);
    return ws;
  };
  try {
    // Opened first, so that its hello deadline runs out while the other steps run.
    const silent = await connect();
    const silentSince = Date.now();
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const create = (name: string, visibility: string, token: string) =>
      api(server.url, "POST", "/rooms", { name, visibility }, token).then((r) => r.body.room.id);
    const mine: string = await create("mine", "public", alice.access_token);
    const plaza: string = await create("plaza", "public", bob.access_token);
    const vault: string = await create("vault", "private", bob.access_token);
    const history = async (roomId: string) =>
      (await api(server.url, "GET", `/rooms/${roomId}/messages`, undefined, alice.access_token))
        .body.messages;
    const ws = await connect(alice.access_token);
    const send = (roomId: string, text: string) => {
      const clientMsgId = crypto.randomUUID();
      ws.send({ type: "send", room_id: roomId, client_msg_id: clientMsgId, text });
      return clientMsgId;
    };

    await t.step(
      "before hello, other frames get not_authenticated and the socket stays open",
      async () => {
        const early = await connect();
        const clientMsgId = crypto.randomUUID();
        early.send({ type: "send", room_id: mine, client_msg_id: clientMsgId, text: "too soon" });
        await expectErrorFrame(early, "not_authenticated", clientMsgId);
        early.send({ type: "ping" });
        await expectErrorFrame(early, "not_authenticated");
        early.send({ type: "hello", token: alice.access_token });
        const welcome = await early.nextOfType("welcome");
        assert.deepEqual([welcome.user.username, welcome.protocol], ["alice", PROTOCOL_VERSION]);
        early.send({ type: "hello", token: alice.access_token });
        await expectErrorFrame(early, "invalid_request");
        assert.equal(early.closeCode, null);
        assert.deepEqual(await history(mine), []);
      },
    );

    await t.step("hello with an invalid token gets an error frame, then close 4401", async () => {
      const intruder = await connect();
      intruder.send({ type: "hello", token: "not-a-token" });
      assert.equal(
        await within(intruder.closed, 3000, "the intruder's 4401 close"),
        CLOSE_CODES.unauthorized.code,
      );
      assert.deepEqual(intruder.frames.map((f) => f.type === "error" && f.code), ["unauthorized"]);
    });

    await t.step("malformed JSON gets malformed_json", async () => {
      ws.send("{not json");
      await expectErrorFrame(ws, "malformed_json");
    });

    await t.step("an unknown or missing frame type gets unknown_frame_type", async () => {
      ws.send(JSON.stringify({ type: "shout", text: "hi" }));
      const frame = await expectErrorFrame(ws, "unknown_frame_type");
      assert.match(frame.message, /shout/);
      ws.send(JSON.stringify({ text: "no type" }));
      await expectErrorFrame(ws, "unknown_frame_type");
      ws.send("42");
      await expectErrorFrame(ws, "unknown_frame_type");
    });

    await t.step("a binary frame gets invalid_request", async () => {
      ws.socket.send(new TextEncoder().encode(JSON.stringify({ type: "ping" })));
      await expectErrorFrame(ws, "invalid_request");
    });

    await t.step(
      "a send with bad text gets invalid_request naming its client_msg_id; nothing is stored",
      async () => {
        const tooLong = send(mine, "a".repeat(MESSAGE_MAX_LENGTH + 1));
        assert.match((await expectErrorFrame(ws, "invalid_request", tooLong)).message, /text/);
        const blank = send(mine, " \n ");
        assert.match((await expectErrorFrame(ws, "invalid_request", blank)).message, /text/);
        ws.send({ type: "send", room_id: "nope", client_msg_id: crypto.randomUUID(), text: "hi" });
        assert.match((await ws.nextOfType("error")).message, /room_id/);
        assert.deepEqual(await history(mine), []);
      },
    );

    await t.step(
      "a send to a room one is not a member of gets an error naming its client_msg_id",
      async () => {
        await expectErrorFrame(ws, "not_member", send(plaza, "let me in"));
        await expectErrorFrame(ws, "room_not_found", send(vault, "let me in"));
        await expectErrorFrame(ws, "room_not_found", send(crypto.randomUUID(), "anyone?"));
        const inPlaza = await api(
          server.url,
          "GET",
          `/rooms/${plaza}/messages`,
          undefined,
          bob.access_token,
        );
        assert.deepEqual(inPlaza.body.messages, []);
      },
    );

    await t.step("typing or read in a room one is not a member of gets not_member", async () => {
      ws.send({ type: "typing", room_id: plaza });
      await expectErrorFrame(ws, "not_member");
      ws.send({ type: "read", room_id: plaza, seq: 1 });
      await expectErrorFrame(ws, "not_member");
    });

    await t.step("after all of that the same connection still works", async () => {
      assert.equal(ws.closeCode, null);
      ws.send({ type: "ping" });
      await ws.nextOfType("pong");
      const clientMsgId = send(mine, "still here");
      const ack = await ws.nextOfType("ack");
      assert.deepEqual([ack.ref, ack.room_id, ack.seq], [clientMsgId, mine, 2], "after my join");
      const stored = await history(mine);
      assert.deepEqual(stored.map((m: { id: string; text: string }) => [m.id, m.text]), [
        [ack.message_id, "still here"],
      ]);
      const echo = await ws.nextMessage();
      assert.equal(echo.message.id, ack.message_id);
      assert.deepEqual(ws.frames, [], "no frame went unaccounted for");
    });

    await t.step("a socket that sends no hello within 5 s is closed with 4401", async () => {
      const code = await within(
        silent.closed,
        HELLO_TIMEOUT_MS + 3000,
        "the 4401 close of a socket without hello",
      );
      assert.equal(code, CLOSE_CODES.unauthorized.code);
      assert.ok(Date.now() - silentSince >= HELLO_TIMEOUT_MS - 100, "not before the deadline");
      assert.deepEqual(silent.frames, []);
    });
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});
