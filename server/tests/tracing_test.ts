/**
 * Tracing with Deno's built-in OpenTelemetry: servers started with OTEL_DENO=true export their
 * spans over OTLP/HTTP (JSON) to a receiver this test runs, and their log lines carry the ids.
 * In services mode a message crosses two instances (Redis bus); in embedded mode, which cannot
 * share its database between processes, it is delivered by the instance that stored it.
 */
import assert from "node:assert/strict";
import { type ReceivedSpan, startOtlpReceiver } from "../testing/otlp_receiver.ts";
import { openServerHome, type ServerHome } from "../testing/server_home.ts";
import { freePort, type ServerProcess, spawnServer } from "../testing/server_process.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { testMode } from "../testing/test_database.ts";
import { until } from "../testing/within.ts";

/** Starts a server that exports its spans to `endpoint` as `service`. */
function tracedServer(endpoint: string, service: string, home: ServerHome) {
  return spawnServer({
    port: freePort(),
    home,
    env: {
      OTEL_DENO: "true",
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: service,
      // Spans are batched; a short delay makes them arrive while the test waits.
      OTEL_BSP_SCHEDULE_DELAY: "100",
      LOG_LEVEL: "info",
    },
  });
}

/** The first value `find` returns from the spans received so far; fails after 15 s. */
async function waitFor<T>(what: string, find: () => T | undefined): Promise<T> {
  let found: T | undefined;
  await until(() => (found = find()) !== undefined, 15_000, what, 50);
  return found!;
}

/** The JSON log lines of a server process. */
function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

Deno.test("OTEL_DENO=true: each HTTP request is a span, and its log line carries the trace and span ids", async () => {
  const receiver = startOtlpReceiver();
  const home = await openServerHome("chat_traced_");
  const server = await tracedServer(receiver.endpoint, "chat-a", home);
  try {
    const run = crypto.randomUUID().slice(0, 8);
    const alice = await signUp(server.url, `alice_${run}`);
    const me = await api(server.url, "GET", "/me", undefined, alice.access_token);
    assert.equal(me.status, 200);
    const requestId = me.headers.get("x-request-id");
    assert.ok(requestId);

    const line = await waitFor(
      "the access log line",
      () => logLines(server).find((l) => l.request_id === requestId && l.trace_id),
    );
    const span: ReceivedSpan = await waitFor(
      "the request's span",
      () => receiver.spans.find((s) => s.spanId === line.span_id),
    );
    assert.equal(span.traceId, line.trace_id);
    assert.equal(span.service, "chat-a");
    assert.equal(span.attributes["http.request.method"], "GET");
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await receiver.close();
    await home.close();
  }
});

Deno.test("one trace holds a message's send, its store (with the batch size) and its delivery on another instance", async () => {
  const receiver = startOtlpReceiver();
  // One home for both instances: one database (services mode) and one development JWT secret.
  const home = await openServerHome("chat_traced_");
  const a = await tracedServer(receiver.endpoint, "chat-a", home);
  const servers = [a];
  const clients: WsClient[] = [];
  try {
    const b = testMode() === "services" ? await tracedServer(receiver.endpoint, "chat-b", home) : a;
    if (b !== a) servers.push(b);
    const run = crypto.randomUUID().slice(0, 8);
    const alice = await signUp(a.url, `alice_${run}`);
    const bob = await signUp(b.url, `bob_${run}`);
    const room = await api(a.url, "POST", "/rooms", { name: `traced-${run}` }, alice.access_token);
    const roomId: string = room.body.room.id;
    await api(b.url, "POST", `/rooms/${roomId}/join`, undefined, bob.access_token);
    const aliceWs = await WsClient.connect(a.wsUrl, alice.access_token);
    const bobWs = await WsClient.connect(b.wsUrl, bob.access_token);
    clients.push(aliceWs, bobWs);

    aliceWs.send({ type: "send", room_id: roomId, client_msg_id: crypto.randomUUID(), text: "hi" });
    const { message } = await bobWs.nextMessage(10_000);

    const inTrace = (traceId: string, name: string, service: string) =>
      receiver.spans.find((s) => s.traceId === traceId && s.name === name && s.service === service);
    const send = await waitFor(
      "chat.send",
      () =>
        receiver.spans.find((s) =>
          s.name === "chat.send" && s.attributes["chat.room_id"] === roomId &&
          s.attributes["chat.message.seq"] === message.seq
        ),
    );
    assert.equal(send.service, "chat-a");
    const store = await waitFor("chat.store", () => inTrace(send.traceId, "chat.store", "chat-a"));
    assert.equal(store.parentSpanId, send.spanId);
    assert.ok(Number(store.attributes["chat.store.batch_size"]) >= 1);
    const publish = await waitFor(
      "chat.publish",
      () => inTrace(send.traceId, "chat.publish", "chat-a"),
    );
    // In the send's trace; its parent is not asserted: the continuation of the group commit
    // decides which span is active when the publish runs.
    assert.equal(publish.attributes["messaging.destination.name"], `room:${roomId}`);
    const deliver = await waitFor(
      "chat.deliver on the other instance",
      () => inTrace(send.traceId, "chat.deliver", b === a ? "chat-a" : "chat-b"),
    );
    // A child inside the send's trace, through the context carried in the bus event.
    assert.notEqual(deliver.parentSpanId, "");
  } finally {
    for (const client of clients) await client.close();
    for (const server of servers) {
      server.kill("SIGTERM");
      await server.status;
    }
    await receiver.close();
    await home.close();
  }
});
