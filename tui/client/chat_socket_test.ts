import assert from "node:assert/strict";
import { signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { until } from "../../server/testing/within.ts";
import { isStatus, Recorder, session } from "./_socket_recorder.ts";
import { type ChatSocket, type ChatSocketOptions, createChatSocket } from "./chat_socket.ts";
import { SessionExpiredError } from "./session.ts";

Deno.test("createChatSocket() against a real server", async (t) => {
  const server = await startTestServer();
  const alice = await signUp(server.url, "alice");
  const sockets: ChatSocket[] = [];
  const open = (session: ChatSocketOptions["session"]) => {
    const socket = createChatSocket({ url: server.url, session });
    sockets.push(socket);
    return new Recorder(socket);
  };
  const valid = () =>
    session(() => alice.access_token, () => Promise.reject(new Error("unexpected renewal")));
  try {
    await t.step("says hello, reports connected and passes the welcome on", async () => {
      const rec = open(valid());
      await rec.connected();
      const welcome = await rec.until((e) => e.type === "frame" && e.frame.type === "welcome");
      assert.equal(
        welcome.type === "frame" && welcome.frame.type === "welcome" &&
          welcome.frame.user.username,
        "alice",
      );
      assert.deepEqual(rec.states, ["connected"], "it starts as connecting");
      assert.deepEqual(rec.socket.status, { state: "connected" });
    });

    await t.step("reconnects at once after 1012 and with backoff after 1001", async () => {
      const rec = open(valid());
      await rec.connected();
      let mark = rec.events.length;
      await server.gateway.closeAll(1012, "service restart");
      const restart = await rec.until(isStatus("reconnecting"), mark);
      assert.deepEqual(
        restart.type === "status" && restart.status.state === "reconnecting" &&
          [restart.status.attempt, restart.status.retryInMs],
        [1, 0],
      );
      await rec.connected(mark);
      mark = rec.events.length;
      await server.gateway.closeAll(1001, "going away");
      const away = await rec.until(isStatus("reconnecting"), mark);
      assert.ok(away.type === "status" && away.status.state === "reconnecting");
      assert.equal(away.status.attempt, 1, "the welcome reset the count");
      assert.ok(away.status.retryInMs >= 0 && away.status.retryInMs < 500);
      await rec.connected(mark);
    });

    await t.step("delivers frames after a reconnect and sends when connected", async () => {
      const rec = open(valid());
      await rec.connected();
      await server.gateway.closeAll(1012, "service restart");
      await rec.connected(rec.events.findIndex(isStatus("reconnecting")));
      const room = await server.rooms.create(
        { id: alice.user.id, username: "alice" },
        { name: "after-restart", topic: "", visibility: "public" },
      );
      const clientMsgId = crypto.randomUUID();
      assert.equal(
        rec.socket.send({ type: "send", room_id: room.id, client_msg_id: clientMsgId, text: "hi" }),
        true,
      );
      await rec.until((e) => e.type === "frame" && e.frame.type === "ack");
    });

    await t.step("close 4401 renews the session once and reconnects", async () => {
      let token = "not a token";
      const renewing = session(() => token, () => Promise.resolve(token = alice.access_token));
      const rec = open(renewing);
      await rec.connected();
      assert.equal(renewing.refreshes, 1);
      assert.deepEqual(rec.states, ["connected"]);
    });

    await t.step("close 4401 with an expired session goes offline with the reason", async () => {
      const expired = session(() => "not a token", () => Promise.reject(new SessionExpiredError()));
      const rec = open(expired);
      await rec.until(isStatus("offline"));
      assert.deepEqual(rec.socket.status, {
        state: "offline",
        reason: "session expired: run chat-tui login",
      });
      assert.deepEqual(rec.states, ["offline"]);
    });

    await t.step("a login refused even after renewal goes offline", async () => {
      const stubborn = session(() => "not a token", () => Promise.resolve("still not a token"));
      const rec = open(stubborn);
      await rec.until(isStatus("offline"));
      assert.equal(stubborn.refreshes, 1);
      assert.match(
        rec.socket.status.state === "offline" ? rec.socket.status.reason : "",
        /^the server refused the login: /,
      );
    });

    // That it never reconnects afterwards: _reconnecting_socket_test.ts, on a fake clock.
    await t.step("close() by us goes offline at once and sends nothing more", async () => {
      const rec = open(valid());
      await rec.connected();
      const mark = rec.events.length;
      const before = server.gateway.connectionCount;
      rec.socket.close();
      assert.deepEqual(rec.socket.status, { state: "offline", reason: "closed" });
      assert.equal(rec.socket.send({ type: "ping" }), false);
      await until(
        () => server.gateway.connectionCount === before - 1,
        3_000,
        "the server to drop the connection",
      );
      assert.deepEqual(rec.states.slice(-1), ["offline"]);
      assert.equal(rec.events.length, mark + 1, "only the offline status after close()");
    });
  } finally {
    for (const socket of sockets) socket.close();
    await server.close();
  }
});
