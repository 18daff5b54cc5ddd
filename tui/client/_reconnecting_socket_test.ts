import FakeTimers from "@sinonjs/fake-timers";
import assert from "node:assert/strict";
import { within } from "../../server/testing/within.ts";
import { PROTOCOL_VERSION } from "../../shared/mod.ts";
import { isStatus, Recorder, session } from "./_socket_recorder.ts";
import { type ChatSocketEvent, createChatSocket } from "./chat_socket.ts";

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

const welcome = (protocol: number = PROTOCOL_VERSION) =>
  JSON.stringify({
    type: "welcome",
    protocol,
    read_markers: [],
    user: {
      id: "65f85102-f856-4a99-ba60-cfbf62344b0c",
      username: "alice",
      created_at: "2026-11-22T00:48:10.040Z",
    },
  });

const staticSession = session(() => "token", () => Promise.resolve("token"));

/** The fake clock of {@linkcode withFakeTimers}. */
type FakeClock = ReturnType<ReturnType<typeof FakeTimers.withGlobal>["install"]>;

/**
 * Runs `fn` with `setTimeout` and `clearTimeout` faked: every reconnect and heartbeat is a timer
 * of the socket's, so `clock.countTimers()` tells whether it scheduled any. The fake time moves
 * with real time, so the test's own bounded waits still end.
 */
async function withFakeTimers(fn: (clock: FakeClock) => Promise<void>): Promise<void> {
  const clock = FakeTimers.withGlobal(globalThis).install({
    toFake: ["setTimeout", "clearTimeout"],
    shouldAdvanceTime: true,
    // The scripted server's sockets (Deno's own code) clear a native timer of theirs on close.
    shouldClearNativeTimers: true,
  });
  try {
    await fn(clock);
  } finally {
    clock.uninstall();
  }
}

Deno.test("createChatSocket() drops frames that break the schema", async () => {
  const server = scriptedServer((socket) => {
    socket.send("not json");
    socket.send(JSON.stringify({ type: "event", event: { text: "no fields" } }));
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
    idleTimeoutMs: 300,
  });
  try {
    const rec = new Recorder(socket);
    await rec.connected();
    const reconnecting = await rec.until(isStatus("reconnecting"));
    assert.ok(pings.length >= 1, "pinged while the server was silent");
    assert.ok(reconnecting.type === "status" && reconnecting.status.state === "reconnecting");
    assert.equal(reconnecting.status.attempt, 1);
    await rec.connected(rec.events.indexOf(reconnecting));
    assert.equal(server.sockets.length, 2);
  } finally {
    socket.close();
    await server.close();
  }
});

Deno.test("createChatSocket() stays offline after a final close code or a protocol mismatch", () =>
  withFakeTimers(async (clock) => {
    for (
      const [script, reason] of [
        [(s: WebSocket) => s.close(1008, "policy violation"), /closed the connection: policy/],
        [
          (s: WebSocket) => s.send(welcome(PROTOCOL_VERSION + 1)),
          new RegExp(
            `speaks protocol ${PROTOCOL_VERSION + 1} and this chat-tui ${PROTOCOL_VERSION}`,
          ),
        ],
      ] as const
    ) {
      const server = scriptedServer(script);
      const socket = createChatSocket({ url: server.url, session: staticSession });
      try {
        const rec = new Recorder(socket);
        await rec.until(isStatus("offline"));
        assert.equal(clock.countTimers(), 0, "no reconnect (nor heartbeat) is scheduled");
        assert.deepEqual(rec.states, ["offline"]);
        assert.match(socket.status.state === "offline" ? socket.status.reason : "", reason);
        assert.equal(server.sockets.length, 1);
      } finally {
        socket.close();
        await server.close();
      }
    }
  }));

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

Deno.test("createChatSocket(): close() by us closes with 1000, goes offline and never reconnects", () =>
  withFakeTimers(async (clock) => {
    const closed = Promise.withResolvers<number>();
    const server = scriptedServer((socket) => {
      socket.onclose = (e) => closed.resolve(e.code);
      socket.send(welcome());
    });
    const socket = createChatSocket({ url: server.url, session: staticSession });
    try {
      const rec = new Recorder(socket);
      await rec.connected();
      socket.close();
      assert.deepEqual(socket.status, { state: "offline", reason: "closed" });
      assert.equal(socket.send({ type: "ping" }), false);
      assert.equal(await within(closed.promise, 3_000, "the server to see the close"), 1000);
      assert.equal(clock.countTimers(), 0, "no reconnect (nor heartbeat) is scheduled");
      assert.deepEqual(rec.states, ["connected", "offline"]);
      assert.equal(server.sockets.length, 1);
    } finally {
      socket.close();
      await server.close();
    }
  }));

Deno.test("createChatSocket() resumes each connection from the points held at that moment", async () => {
  const hellos: unknown[] = [];
  const server = scriptedServer((socket, received) => {
    hellos.push(received[0]);
    socket.send(welcome());
    // The first connection is dropped as a restarting server does (1012: reconnect at once).
    if (hellos.length === 1) socket.close(1012, "restart");
  });
  const room = "5b4e9f2c-0c1d-4f7a-9b3e-2d6c8a1f0e47";
  let held = 0;
  const socket = createChatSocket({ url: server.url, session: staticSession });
  socket.resumeFrom((): Record<string, number> => held === 0 ? {} : { [room]: held });
  try {
    const rec = new Recorder(socket);
    await rec.connected();
    held = 42;
    await rec.until(isStatus("reconnecting"));
    await rec.connected(rec.events.findIndex(isStatus("reconnecting")));
    assert.deepEqual(hellos, [
      { type: "hello", token: "token" },
      { type: "hello", token: "token", resume: { [room]: 42 } },
    ]);
  } finally {
    socket.close();
    await server.close();
  }
});
