import assert from "node:assert/strict";
import { MAX_FRAME_BYTES, MAX_VIOLATIONS } from "../../shared/mod.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("REST requests past the per-user limit get 429 rate_limited with Retry-After", async () => {
  const server = await startTestServer({ rateLimits: { rest: { points: 3, seconds: 60 } } });
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await api(server.url, "GET", "/me", undefined, alice.access_token)).status,
        200,
      );
    }
    const limited = await api(server.url, "GET", "/rooms", undefined, alice.access_token);
    assert.deepEqual([limited.status, limited.body.error.code], [429, "rate_limited"]);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    // The limit is per user.
    assert.equal((await api(server.url, "GET", "/me", undefined, bob.access_token)).status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("WebSocket sends past the rate and burst get rate_limited and are not stored", async () => {
  const server = await startTestServer({
    rateLimits: { wsSend: { points: 3, seconds: 10 }, wsBurst: { points: 2, seconds: 60 } },
  });
  let ws: WsClient | undefined;
  try {
    const alice = await signUp(server.url, "alice");
    const room = await api(server.url, "POST", "/rooms", { name: "general" }, alice.access_token);
    const roomId = room.body.room.id;
    const client = ws = await WsClient.connect(server.wsUrl, alice.access_token);
    const ids = Array.from({ length: 7 }, () => crypto.randomUUID());
    for (const id of ids) {
      client.send({ type: "send", room_id: roomId, client_msg_id: id, text: id });
    }
    for (let i = 0; i < 5; i++) {
      assert.equal((await client.nextOfType("ack")).ref, ids[i]);
    }
    for (const id of ids.slice(5)) {
      const refused = await client.nextOfType("error");
      assert.deepEqual([refused.code, refused.ref], ["rate_limited", id]);
      // The client retries by itself after this long: within the 60 s burst window.
      assert.ok(refused.retry_after_ms! >= 1_000 && refused.retry_after_ms! <= 60_000);
    }
    const history = await api(
      server.url,
      "GET",
      `/rooms/${roomId}/messages`,
      undefined,
      alice.access_token,
    );
    assert.deepEqual(history.body.messages.map((m: { text: string }) => m.text), ids.slice(0, 5));
    // Being rate limited is not a protocol violation: the connection stays open.
    ws.send({ type: "ping" });
    await ws.nextOfType("pong");
  } finally {
    await ws?.close();
    await server.close();
  }
});

Deno.test("a frame over 64 KiB gets frame_too_large and the connection stays usable", async () => {
  const server = await startTestServer();
  let ws: WsClient | undefined;
  try {
    const alice = await signUp(server.url, "alice");
    ws = await WsClient.connect(server.wsUrl, alice.access_token);
    ws.send(JSON.stringify({ type: "ping", pad: "x".repeat(MAX_FRAME_BYTES) }));
    assert.equal((await ws.nextOfType("error")).code, "frame_too_large");
    ws.send({ type: "ping" });
    await ws.nextOfType("pong");
  } finally {
    await ws?.close();
    await server.close();
  }
});

Deno.test(`${MAX_VIOLATIONS} protocol violations within 10 s close the connection with 1008`, async () => {
  const server = await startTestServer();
  let ws: WsClient | undefined;
  try {
    const alice = await signUp(server.url, "alice");
    ws = await WsClient.connect(server.wsUrl, alice.access_token);
    for (let i = 0; i < MAX_VIOLATIONS - 1; i++) ws.send("not json");
    ws.send({ type: "ping" });
    await ws.nextOfType("pong");
    assert.equal(ws.closeCode, null, "still open one violation short of the limit");
    ws.send("not json");
    assert.equal(
      await ws.closedWithin(10_000, `the 1008 close after ${MAX_VIOLATIONS} bad frames`),
      1008,
    );
  } finally {
    await ws?.close();
    await server.close();
  }
});

Deno.test("during shutdown a WebSocket upgrade gets 503 unavailable", async () => {
  const server = await startTestServer();
  try {
    await server.gateway.shutdown();
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: Number(new URL(server.url).port),
    });
    await conn.write(new TextEncoder().encode([
      "GET /api/v1/ws HTTP/1.1",
      `Host: ${new URL(server.url).host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      "",
      "",
    ].join("\r\n")));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    conn.close();
    const response = new TextDecoder().decode(buf.subarray(0, n ?? 0));
    assert.match(response, /^HTTP\/1\.1 503/);
    assert.match(response, /"code":"unavailable"/);
  } finally {
    await server.close();
  }
});
