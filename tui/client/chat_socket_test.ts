import assert from "node:assert/strict";
import { signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import {
  type ChatSocket,
  type ChatSocketEvent,
  type ChatSocketOptions,
  type ConnectionStatus,
  createChatSocket,
} from "./chat_socket.ts";
import { SessionExpiredError } from "./session.ts";

/** Records a socket's events and waits for the one a test expects. */
class Recorder {
  readonly events: ChatSocketEvent[] = [];
  #wake: () => void = () => {};

  constructor(readonly socket: ChatSocket) {
    socket.subscribe((event) => {
      this.events.push(event);
      this.#wake();
    });
  }

  get states(): ConnectionStatus["state"][] {
    return this.events.flatMap((e) => e.type === "status" ? [e.status.state] : []);
  }

  /** Resolves with the first event from index `from` on that matches, within `ms`. */
  async until(match: (e: ChatSocketEvent) => boolean, from = 0, ms = 3_000) {
    const deadline = Date.now() + ms;
    while (true) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not seen; events: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  connected(from = 0) {
    return this.until((e) => e.type === "status" && e.status.state === "connected", from);
  }
}

const isStatus = (state: ConnectionStatus["state"]) => (e: ChatSocketEvent) =>
  e.type === "status" && e.status.state === state;

/** A session that hands out `token()` and counts renewals, which run `renew`. */
function session(token: () => string, renew: () => Promise<string>) {
  const counted = {
    refreshes: 0,
    freshAccessToken: () => Promise.resolve(token()),
    refresh: () => (counted.refreshes++, renew()),
  };
  return counted;
}

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

    await t.step("close() by us goes offline and never reconnects", async () => {
      const rec = open(valid());
      await rec.connected();
      rec.socket.close();
      assert.deepEqual(rec.socket.status, { state: "offline", reason: "closed" });
      assert.equal(rec.socket.send({ type: "ping" }), false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(rec.states, ["connected", "offline"]);
    });
  } finally {
    for (const socket of sockets) socket.close();
    await server.close();
  }
});

/** A scripted WebSocket server: `onConnection` runs for each socket once its `hello` arrived. */
function scriptedServer(onConnection: (socket: WebSocket, received: unknown[]) => void) {
  const sockets: WebSocket[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const received: unknown[] = [];
    sockets.push(socket);
    socket.onmessage = (e) => {
      received.push(JSON.parse(e.data));
      if (received.length === 1) onConnection(socket, received);
    };
    return response;
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    sockets,
    async close() {
      for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.close();
      await server.shutdown();
    },
  };
}

const welcome = (protocol = 1) =>
  JSON.stringify({
    type: "welcome",
    protocol,
    user: {
      id: "65f85102-f856-4a99-ba60-cfbf62344b0c",
      username: "alice",
      created_at: "2026-11-22T00:48:10.040Z",
    },
  });

const staticSession = session(() => "token", () => Promise.resolve("token"));

Deno.test("createChatSocket() drops frames that break the schema", async () => {
  const server = scriptedServer((socket) => {
    socket.send("not json");
    socket.send(JSON.stringify({ type: "message", message: { text: "no fields" } }));
    socket.send(JSON.stringify({ type: "nonsense" }));
    socket.send(welcome());
    socket.send(JSON.stringify({ type: "pong" }));
  });
  const socket = createChatSocket({ url: server.url, session: staticSession });
  try {
    const rec = new Recorder(socket);
    await rec.until((e) => e.type === "frame" && e.frame.type === "pong");
    const frames = rec.events.flatMap((e) => e.type === "frame" ? [e.frame.type] : []);
    assert.deepEqual(frames, ["welcome", "pong"]);
  } finally {
    socket.close();
    await server.close();
  }
});

Deno.test("createChatSocket() pings a silent server and replaces a dead connection", async () => {
  const pings: number[] = [];
  const server = scriptedServer((socket, received) => {
    socket.send(welcome());
    socket.addEventListener("message", () => {
      if ((received.at(-1) as { type: string }).type === "ping") pings.push(Date.now());
    });
  });
  const socket = createChatSocket({
    url: server.url,
    session: staticSession,
    pingIntervalMs: 50,
    idleTimeoutMs: 200,
  });
  try {
    const rec = new Recorder(socket);
    await rec.connected();
    const reconnecting = await rec.until(isStatus("reconnecting"));
    assert.ok(pings.length >= 2, `pings: ${pings.length}`);
    assert.ok(reconnecting.type === "status" && reconnecting.status.state === "reconnecting");
    assert.equal(reconnecting.status.attempt, 1);
    await rec.connected(rec.events.indexOf(reconnecting));
    assert.equal(server.sockets.length, 2);
  } finally {
    socket.close();
    await server.close();
  }
});

Deno.test("createChatSocket() stays offline after a final close code or a protocol mismatch", async () => {
  for (
    const [script, reason] of [
      [(s: WebSocket) => s.close(1008, "policy violation"), /closed the connection: policy/],
      [(s: WebSocket) => s.send(welcome(2)), /speaks protocol 2 and this chat-tui 1/],
    ] as const
  ) {
    const server = scriptedServer(script);
    const socket = createChatSocket({ url: server.url, session: staticSession });
    try {
      const rec = new Recorder(socket);
      await rec.until(isStatus("offline"));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(rec.states, ["offline"]);
      assert.match(socket.status.state === "offline" ? socket.status.reason : "", reason);
      assert.equal(server.sockets.length, 1);
    } finally {
      socket.close();
      await server.close();
    }
  }
});

Deno.test("createChatSocket() backs off while the server is unreachable", async () => {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const socket = createChatSocket({ url: `http://127.0.0.1:${port}`, session: staticSession });
  try {
    const rec = new Recorder(socket);
    const isRetry = (attempt: number) => (e: ChatSocketEvent) =>
      e.type === "status" && e.status.state === "reconnecting" && e.status.attempt === attempt;
    await rec.until(isRetry(2));
    const [first, second] = [rec.events.find(isRetry(1)), rec.events.find(isRetry(2))];
    assert.ok(first?.type === "status" && first.status.state === "reconnecting");
    assert.ok(second?.type === "status" && second.status.state === "reconnecting");
    assert.ok(first.status.retryInMs < 500 && second.status.retryInMs < 1_000);
    assert.ok(Math.abs(first.status.retryAt - Date.now()) < 2_000);
  } finally {
    socket.close();
  }
});
