import assert from "node:assert/strict";
import {
  CONTROL_CHARACTER,
  MAX_VIOLATIONS,
  MESSAGE_MAX_LENGTH,
  type TokenPair,
} from "../../shared/mod.ts";
import { createFrameFuzzer, fuzzSeed, replayCommand } from "../testing/frame_fuzzer.ts";
import { ResilientClient } from "../testing/resilient_client.ts";
import { allMessages, api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";

const FUZZ_FRAMES = 10_000;
const CONNECTIONS = 20;
const FUZZ_USERS = 4;

/**
 * One fuzzing connection's run, in lockstep: each frame waits for its answer before the next is
 * sent, so every frame is accounted for. Every frame is a protocol violation, and 50 within 10 s
 * close a connection with 1008 (limits_test.ts proves that); a frame sent just as that close
 * happens would get no answer. So the fuzzer moves to a new connection after 49 frames: every
 * frame must then be answered, and no connection may close on its own.
 */
async function fuzz(
  server: TestServer,
  token: string,
  roomId: string,
  seed: number,
  count: number,
) {
  const next = createFrameFuzzer(seed, roomId);
  const codes = new Map<string, number>();
  let ws = await WsClient.connect(server.wsUrl, token);
  try {
    for (let i = 0; i < count; i++) {
      if (i > 0 && i % (MAX_VIOLATIONS - 1) === 0) {
        assert.equal(ws.closeCode, null, "the connection stayed open below the violation limit");
        await ws.close();
        ws = await WsClient.connect(server.wsUrl, token);
      }
      const frame = next();
      ws.socket.send(frame);
      const what = () => `seed ${seed} frame ${i}: ${String(frame).slice(0, 200)}`;
      const answer = await ws.next((f) => ["error", "pong", "ack"].includes(f.type), 10_000)
        .catch((err) => {
          throw new Error(`No answer to ${what()}`, { cause: err });
        });
      assert.equal(answer.type, "error", what());
      codes.set(answer.code, (codes.get(answer.code) ?? 0) + 1);
      // Messages of the valid clients and other room events reach fuzzing members too.
      ws.frames.length = 0;
    }
  } finally {
    await ws.close();
  }
  return codes;
}

Deno.test(`${FUZZ_FRAMES} random and mutated frames from ${CONNECTIONS} connections: all refused, nothing stored, chat goes on`, async () => {
  // Printed first, so that even a run killed by CI's timeout can be replayed.
  const seed = fuzzSeed();
  const replay = replayCommand(seed, "server/tests/fuzz_test.ts");
  console.log(`fuzz seed ${seed}; replay: ${replay}`);
  try {
    await fuzzRoom(seed);
  } catch (err) {
    throw new Error(`Fuzzing failed with seed ${seed}; replay: ${replay}`, { cause: err });
  }
});

/** The test's body: fuzzers and chatters in one room; see the test's name. */
async function fuzzRoom(seed: number) {
  const server = await startTestServer();
  const chatters: ResilientClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const room = await api(server.url, "POST", "/rooms", { name: "fuzz" }, alice.access_token);
    const roomId: string = room.body.room.id;
    await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    const fuzzers: TokenPair[] = [];
    for (let i = 0; i < FUZZ_USERS; i++) {
      const user = await signUp(server.url, `fuzzer${i}`);
      await api(server.url, "POST", `/rooms/${roomId}/join`, undefined, user.access_token);
      fuzzers.push(user);
    }
    for (const { access_token } of [alice, bob]) {
      const client = new ResilientClient({
        baseUrl: server.url,
        wsUrl: server.wsUrl,
        token: access_token,
        roomId,
      });
      chatters.push(client);
      client.start();
    }

    // The valid clients chat all through the fuzzing.
    let chatting = true;
    const chat = (async () => {
      for (let i = 0; chatting; i++) {
        for (const client of chatters) client.send(`still here ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) =>
        fuzz(
          server,
          fuzzers[i % FUZZ_USERS]!.access_token,
          roomId,
          seed + i,
          FUZZ_FRAMES / CONNECTIONS,
        )),
    );
    const seconds = (Date.now() - started) / 1000;
    chatting = false;
    await chat;

    const codes = new Map<string, number>();
    for (const run of runs) {
      for (const [code, n] of run) codes.set(code, (codes.get(code) ?? 0) + n);
    }
    const answered = [...codes.values()].reduce((a, b) => a + b, 0);
    console.log(
      `seed ${seed}: ${answered} frames answered in ${seconds} s (${
        Math.round(answered / seconds)
      } frames/s); codes ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    assert.equal(answered, FUZZ_FRAMES, "every fuzz frame got an error frame");
    assert.equal(codes.get("internal_error"), undefined, "no frame broke a handler");

    // The server is up, and the valid clients' messages all arrived, each once and in order.
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    for (const client of chatters) {
      await client.until(() => client.outboxSize === 0, "every chat message is acknowledged");
    }
    const stored = await allMessages(server.url, alice.access_token, roomId);
    const lastSeq: number = (await api(
      server.url,
      "GET",
      `/rooms/${roomId}`,
      undefined,
      alice.access_token,
    )).body.room.last_seq;
    for (const client of chatters) {
      // The joins are events too: the client holds every seq up to the room's newest.
      await client.until(() => client.lastSeq === lastSeq, "every chat message arrives");
      assert.deepEqual(client.anomalies, [], client.describe());
      assert.deepEqual(client.view, stored);
    }
    // Nothing invalid was stored: only the valid clients' messages, each well formed.
    const sent = new Set(chatters.flatMap((c) => c.sent));
    assert.equal(stored.length, sent.size);
    for (const message of stored) {
      assert.ok(sent.has(message.client_msg_id), `unexpected message ${JSON.stringify(message)}`);
      assert.ok(["alice", "bob"].includes(message.sender.username));
      assert.equal(message.text, message.text.trim());
      assert.doesNotMatch(message.text, CONTROL_CHARACTER, "no control character was stored");
      assert.ok(message.text.isWellFormed(), "no lone surrogate was stored");
      const length = [...message.text].length;
      assert.ok(length >= 1 && length <= MESSAGE_MAX_LENGTH);
    }
    // And nothing else came into being: an outsider sees the one room.
    const outsider = await signUp(server.url, "outsider");
    const rooms = await api(
      server.url,
      "GET",
      "/rooms?scope=public",
      undefined,
      outsider.access_token,
    );
    assert.deepEqual(rooms.body.rooms.map((r: { id: string }) => r.id), [roomId]);
  } finally {
    await Promise.all(chatters.map((c) => c.stop()));
    await server.close();
  }
}
