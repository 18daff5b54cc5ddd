/**
 * Tracing with Deno's built-in OpenTelemetry: servers started with OTEL_DENO=true export their
 * spans over OTLP/HTTP (JSON) to a receiver this test runs, and their log lines carry the ids.
 */
import assert from "node:assert/strict";
import { type ReceivedSpan, startOtlpReceiver } from "../testing/otlp_receiver.ts";
import { openServerHome, type ServerHome } from "../testing/server_home.ts";
import { freePort, type ServerProcess, spawnServer } from "../testing/server_process.ts";
import { until } from "../testing/within.ts";
import { api, signUp } from "../testing/test_client.ts";

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
