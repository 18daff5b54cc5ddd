import assert from "node:assert/strict";
import { parsePrometheusText, type Sample, sumOf } from "../testing/prometheus_text.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer, type TestServer } from "../testing/test_server.ts";

/** `GET /metrics`, parsed. */
async function scrape(server: TestServer, token?: string): Promise<Sample[]> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${server.url}/metrics`, { headers });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

/** Scrapes until `ok` holds for the samples, or fails after `timeoutMs`. */
async function scrapeUntil(
  server: TestServer,
  ok: (samples: Sample[]) => boolean,
  timeoutMs = 3000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const samples = await scrape(server);
    if (ok(samples) || Date.now() > deadline) return samples;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

Deno.test("GET /metrics moves by exactly what a scripted exchange did", async () => {
  const REST_LIMIT = 5;
  const server = await startTestServer({
    rateLimits: { rest: { points: REST_LIMIT, seconds: 60 } },
  });
  const clients: WsClient[] = [];
  try {
    const before = await scrape(server);
    // Labelled counters start with every known label at 0, so rate() sees their first increment.
    const zero = (name: string, labels: Record<string, string>) =>
      assert.ok(
        before.some((s) =>
          s.name === name && s.value === 0 &&
          Object.entries(labels).every(([k, v]) => s.labels[k] === v)
        ),
        `${name} ${JSON.stringify(labels)} at 0`,
      );
    zero("chat_ws_server_closes_total", { code: "4008" });
    zero("chat_bus_failures_total", { operation: "publish" });
    zero("chat_rate_limit_rejections_total", { limit: "ws_send" });
    zero("chat_ws_error_frames_total", { code: "internal_error" });
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const room = await api(server.url, "POST", "/rooms", { name: "general" }, alice.access_token);
    const roomId: string = room.body.room.id;
    const join = await api(
      server.url,
      "POST",
      `/rooms/${roomId}/join`,
      undefined,
      bob.access_token,
    );
    assert.equal(join.status, 200);

    const aliceWs = await WsClient.connect(server.wsUrl, alice.access_token);
    clients.push(aliceWs);
    const bobWs = await WsClient.connect(server.wsUrl, bob.access_token);
    clients.push(bobWs);
    const connected = await scrape(server);
    assert.equal(sumOf(connected, "chat_ws_connections"), 2);

    // Every message reaches every connection of every member, the sender's own included.
    const N = 5;
    const ids = Array.from({ length: N }, () => crypto.randomUUID());
    for (const id of ids) {
      aliceWs.send({ type: "send", room_id: roomId, client_msg_id: id, text: id });
    }
    for (let i = 0; i < N; i++) {
      await aliceWs.nextOfType("ack");
      await aliceWs.nextMessage();
      await bobWs.nextMessage();
    }
    // A repeated client_msg_id stores nothing and delivers nothing.
    aliceWs.send({ type: "send", room_id: roomId, client_msg_id: ids[0]!, text: "again" });
    await aliceWs.nextOfType("ack");

    aliceWs.send({ type: "shout" } as never);
    assert.equal((await aliceWs.nextOfType("error")).code, "unknown_frame_type");

    assert.equal((await api(server.url, "GET", "/nowhere")).status, 404);
    const unknownRoom = `/rooms/${crypto.randomUUID()}`;
    assert.equal(
      (await api(server.url, "GET", unknownRoom, undefined, alice.access_token)).status,
      404,
    );

    const carol = await signUp(server.url, "carol");
    for (let i = 0; i < REST_LIMIT; i++) {
      assert.equal(
        (await api(server.url, "GET", "/me", undefined, carol.access_token)).status,
        200,
      );
    }
    assert.equal((await api(server.url, "GET", "/me", undefined, carol.access_token)).status, 429);

    // A bad token: an error frame, then the server closes the socket with 4401.
    const intruder = await WsClient.connect(server.wsUrl);
    intruder.send({ type: "hello", token: "not-a-token" });
    assert.equal(await intruder.closed, 4401);

    // The server may count the intruder's socket as open until its own close event has run.
    const after = await scrapeUntil(server, (s) => sumOf(s, "chat_ws_connections") === 2);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sumOf(after, name, labels) - sumOf(before, name, labels);
    const http = (method: string, route: string, status: number) =>
      delta("chat_http_requests_total", { method, route, status: String(status) });

    assert.equal(delta("chat_messages_stored_total"), N);
    assert.equal(delta("chat_messages_delivered_total"), N * 2);
    assert.equal(delta("chat_message_delivery_latency_seconds_count"), N * 2);
    assert.equal(delta("chat_ws_error_frames_total", { code: "unknown_frame_type" }), 1);
    assert.equal(delta("chat_ws_error_frames_total", { code: "unauthorized" }), 1);
    assert.equal(delta("chat_ws_error_frames_total"), 2);
    assert.equal(delta("chat_ws_server_closes_total", { code: "4401" }), 1);
    assert.equal(delta("chat_ws_server_closes_total"), 1);
    assert.equal(delta("chat_rate_limit_rejections_total", { limit: "rest" }), 1);
    assert.equal(delta("chat_rate_limit_rejections_total"), 1);
    assert.equal(delta("chat_bus_failures_total"), 0);
    assert.equal(sumOf(after, "chat_ws_connections"), 2);

    assert.equal(http("POST", "/api/v1/auth/register", 201), 3);
    assert.equal(http("POST", "/api/v1/auth/login", 200), 3);
    assert.equal(http("POST", "/api/v1/rooms", 201), 1);
    assert.equal(http("POST", "/api/v1/rooms/:id/join", 200), 1);
    assert.equal(http("GET", "/api/v1/rooms/:id", 404), 1);
    assert.equal(http("GET", "unmatched", 404), 1);
    assert.equal(http("GET", "/api/v1/me", 200), REST_LIMIT);
    assert.equal(http("GET", "/api/v1/me", 429), 1);
    assert.equal(
      delta("chat_http_request_duration_seconds_count", { method: "GET", route: "/api/v1/me" }),
      REST_LIMIT + 1,
    );
    const routes = after.filter((s) => s.name === "chat_http_requests_total")
      .map((s) => s.labels.route!);
    assert.deepEqual(routes.filter((route) => UUID.test(route)), [], "no ids in route labels");

    assert.ok(delta("chat_db_query_duration_seconds_count", { operation: "select" }) > 0);
    // Pipelined sends are group-committed: N + 1 appends (one a duplicate) in one or more batches,
    // each batch one statement.
    assert.equal(delta("chat_message_append_batch_size_sum"), N + 1);
    const batches = delta("chat_message_append_batch_size_count");
    assert.ok(batches >= 1 && batches <= N + 1);
    assert.ok(delta("chat_db_query_duration_seconds_count", { operation: "with" }) >= batches);
    // Read back from each frame's created_at: every one well inside the largest finite bucket.
    assert.equal(delta("chat_message_delivery_latency_seconds_bucket", { le: "10" }), N * 2);
    assert.ok(sumOf(after, "process_resident_memory_bytes") > 0, "default process metrics");

    for (const client of clients.splice(0)) await client.close();
    const closed = await scrapeUntil(server, (s) => sumOf(s, "chat_ws_connections") === 0);
    assert.equal(sumOf(closed, "chat_ws_connections"), 0);
  } finally {
    for (const client of clients) await client.close();
    await server.close();
  }
});

Deno.test("GET /metrics with METRICS_TOKEN set needs that bearer token", async () => {
  const token = "metrics-token-for-tests";
  const server = await startTestServer({ metricsToken: token });
  try {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${token}`]) {
      const res = await fetch(`${server.url}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      assert.equal(res.status, 401, `authorization: ${authorization}`);
      assert.equal((await res.json()).error.code, "unauthorized");
    }
    const samples = await scrape(server, token);
    assert.equal(sumOf(samples, "chat_ws_connections"), 0);
    assert.equal((await fetch(`${server.url}/healthz`).then((r) => r.json())).status, "ok");
  } finally {
    await server.close();
  }
});
