import assert from "node:assert/strict";
import { CLOSE_CODES, MESSAGE_MAX_LENGTH, ServerFrame } from "../../shared/mod.ts";
import { RawWsClient } from "../testing/raw_ws_client.ts";
import { ResilientClient } from "../testing/resilient_client.ts";
import { allMessages, api, signUp } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";
import { within } from "../testing/within.ts";

const FLOW_BYTES = 50 * 1024 * 1024;
/** The longest text there is: 4,096 code points of 3 bytes each in UTF-8, 12 KiB on the wire. */
const TEXT = "€".repeat(MESSAGE_MAX_LENGTH);
const TEXT_BYTES = new TextEncoder().encode(TEXT).length;
const MESSAGES = Math.ceil(FLOW_BYTES / TEXT_BYTES);
const MAX_BUFFERED = 1024 * 1024;
const RSS_BOUND = 200 * 1024 * 1024;

/** Polls `condition` every 20 ms for up to 5 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends `count` messages over one WebSocket, `window` unacknowledged at most; keeps no frames. */
async function flood(wsUrl: string, token: string, roomId: string, count: number, window = 16) {
  const socket = new WebSocket(wsUrl);
  await within(
    new Promise((resolve) => socket.onopen = resolve),
    10_000,
    "the flooding socket to open",
  );
  let sent = 0;
  let acked = 0;
  let received = 0;
  const started = Date.now();
  const done = new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (sent < count && sent - acked < window) {
        const frame = {
          type: "send",
          room_id: roomId,
          client_msg_id: crypto.randomUUID(),
          text: TEXT,
        };
        socket.send(JSON.stringify(frame));
        sent++;
      }
    };
    socket.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      if (frame.type === "welcome") pump();
      if (frame.type === "event" && frame.event.type === "message_posted") received++;
      if (frame.type === "error") reject(new Error(`The sender got an error frame: ${e.data}`));
      if (frame.type === "ack") acked++;
      // The sender's own copy of the last message may come before or after its ack.
      if (acked === count && received === count) resolve();
      else if (frame.type === "ack") pump();
    };
    socket.onclose = (e) =>
      reject(new Error(`The sender was closed with ${e.code} after ${acked} acks`));
    socket.send(JSON.stringify({ type: "hello", token }));
  });
  await within(done, 180_000, () => `${count} acks and copies: ${acked} acks, ${received} copies`);
  socket.onclose = null;
  socket.close();
  return { seconds: (Date.now() - started) / 1000, received };
}

Deno.test("a client that stops reading during 50 MB is closed with 4008, memory stays bounded, and it resumes without loss", async () => {
  const server = await startTestServer({ wsMaxBufferedBytes: MAX_BUFFERED });
  let raw: RawWsClient | undefined;
  let resumed: ResilientClient | undefined;
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const created = await api(server.url, "POST", "/rooms", { name: "flood" }, alice.access_token);
    const roomId: string = created.body.room.id;
    await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);

    // Bob reads up to his `synced`, then never again.
    raw = await RawWsClient.connect(server.wsUrl);
    await raw.sendText(JSON.stringify({
      type: "hello",
      token: bob.access_token,
      resume: { [roomId]: 0 },
    }));
    const before: string[] = [];
    while (!before.includes("synced")) {
      const frame = await raw.readFrame();
      before.push(ServerFrame.parse(JSON.parse(new TextDecoder().decode(frame!.payload))).type);
    }
    assert.deepEqual(before, ["welcome", "event", "event", "synced"], "the two joins replayed");
    assert.equal(server.gateway.connectionCount, 1);

    const rssBefore = Deno.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => rssPeak = Math.max(rssPeak, Deno.memoryUsage().rss), 50);
    const flow = await flood(server.wsUrl, alice.access_token, roomId, MESSAGES);
    clearInterval(sampler);
    const growth = rssPeak - rssBefore;
    console.log(
      `${MESSAGES} messages (${FLOW_BYTES / 2 ** 20} MiB) in ${flow.seconds} s ` +
        `(${Math.round(MESSAGES / flow.seconds)} messages/s); RSS ${
          Math.round(rssBefore / 2 ** 20)
        } MiB before, peak growth ${Math.round(growth / 2 ** 20)} MiB`,
    );
    assert.equal(flow.received, MESSAGES, "the sender's own connection got every message");
    assert.ok(growth < RSS_BOUND, `RSS grew by ${growth} bytes`);

    // Bob wakes up: what reached his socket ends with the server's 4008 close frame.
    const seqs: number[] = [];
    let closeCode: number | null = null;
    while (true) {
      const frame = await raw.readFrame();
      if (!frame) break;
      if (frame.opcode === 8) {
        closeCode = (frame.payload[0]! << 8) | frame.payload[1]!;
        break;
      }
      // The server's keepalive pings (and pongs) carry no JSON.
      if (frame.opcode !== 1) continue;
      const parsed = ServerFrame.parse(JSON.parse(new TextDecoder().decode(frame.payload)));
      if (parsed.type === "event") seqs.push(parsed.event.seq);
    }
    raw.close();
    console.log(`bob had ${seqs.length} messages in his socket, then close ${closeCode}`);
    assert.equal(closeCode, CLOSE_CODES.slowConsumer.code);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 3));
    // What fits in the bound and the kernel's socket buffers: a few MB, not the 50 MB.
    assert.ok(seqs.length < MESSAGES / 4, `bob was closed early, after ${seqs.length} messages`);
    // The server stopped writing to bob at once, but his socket is only released when his TCP
    // connection ends: a close handshake cannot pass a peer that reads nothing.
    await waitFor(() => server.gateway.connectionCount === 0, "bob's connection is released");

    resumed = new ResilientClient({
      baseUrl: server.url,
      wsUrl: server.wsUrl,
      token: bob.access_token,
      roomId,
      fromSeq: 2 + seqs.length,
    });
    resumed.start();
    await resumed.until(
      () => resumed!.lastSeq === MESSAGES + 2,
      "bob holds every message",
      60_000,
    );
    assert.deepEqual(resumed.anomalies, []);
    const stored = await allMessages(server.url, bob.access_token, roomId);
    assert.deepEqual(resumed.view, stored.slice(seqs.length), "bob's view equals the database");
  } finally {
    raw?.close();
    await resumed?.stop();
    await server.close();
  }
});
