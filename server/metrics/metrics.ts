/**
 * The server's Prometheus metrics (prom-client), in a registry of their own: `main.ts` creates
 * one {@linkcode Metrics} and passes it down to whatever measures, and `GET /metrics` serves its
 * registry. Nothing registers in prom-client's global default registry, so several servers in one
 * process (tests) never share or clash over a counter.
 *
 * @module
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { CLOSE_CODES, ErrorCode } from "../../shared/mod.ts";

/** Every metric of one server instance. */
export interface Metrics {
  /** The registry all of them belong to; `GET /metrics` serves it. */
  readonly registry: Registry;
  /** Open WebSocket connections, authenticated or not yet. */
  readonly wsConnections: Gauge;
  /** Messages stored (a repeated `client_msg_id` stores nothing and is not counted). */
  readonly messagesStored: Counter;
  /** Posted messages (`message_posted` events) written to WebSockets, live or replayed. */
  readonly messagesDelivered: Counter;
  /** Seconds from a message's `created_at` to its live `message_posted` event being written. */
  readonly deliveryLatency: Histogram;
  /** HTTP requests by method, route pattern and status. */
  readonly httpRequests: Counter<"method" | "route" | "status">;
  /** HTTP request durations by method and route pattern. */
  readonly httpDuration: Histogram<"method" | "route">;
  /** WebSocket `error` frames sent, by error code. */
  readonly errorFrames: Counter<"code">;
  /** WebSocket connections the server closed, by close code (`4008`: slow consumer). */
  readonly wsCloses: Counter<"code">;
  /** Failed bus calls, by operation (`publish`, `subscribe`, `unsubscribe`). */
  readonly busFailures: Counter<"operation">;
  /** Requests and frames refused by a rate limit, by limit name. */
  readonly rateLimitRejections: Counter<"limit">;
  /** Database statement durations, by statement kind (`select`, `insert`, …, `script`). */
  readonly dbQueryDuration: Histogram<"operation">;
  /** Messages stored per append statement (group commit: larger under load). */
  readonly appendBatchSize: Histogram;
}

/** Milliseconds to seconds: a message travels from the database to a socket in this range. */
const DELIVERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Default metrics of prom-client that Deno cannot collect without --allow-all. */
const PROC_METRICS = [
  "process_resident_memory_bytes",
  "process_virtual_memory_bytes",
  "process_heap_bytes",
  "process_open_fds",
  "process_max_fds",
];

/** Operations of the bus whose failures are counted (`instrument_bus.ts`). */
const BUS_OPERATIONS = ["publish", "subscribe", "unsubscribe"];

/**
 * Creates the metrics of one server in a new registry, with prom-client's default process
 * metrics (CPU, memory, event loop lag, heap) beside them. Counters by error code, close code
 * and bus operation start with every known label at 0: a counter that appears only at its first
 * increment has no rate until its second, so alerts on it would fire late or never.
 *
 * @returns the metrics, all at zero
 *
 * @example Counting and exposing
 * ```ts
 * import { createMetrics } from "./metrics.ts";
 *
 * const metrics = createMetrics();
 * metrics.messagesStored.inc();
 * const text = await metrics.registry.metrics();
 * console.log(text.includes("chat_messages_stored_total 1"));
 * ```
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  // These read /proc/self, which Deno opens only with --allow-all: they would always say 0.
  for (const name of PROC_METRICS) registry.removeSingleMetric(name);
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes",
    registers,
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
  return {
    registry,
    wsConnections: new Gauge({
      name: "chat_ws_connections",
      help: "Open WebSocket connections",
      registers,
    }),
    messagesStored: new Counter({
      name: "chat_messages_stored_total",
      help: "Messages stored",
      registers,
    }),
    messagesDelivered: new Counter({
      name: "chat_messages_delivered_total",
      help: "Message frames written to WebSockets",
      registers,
    }),
    deliveryLatency: new Histogram({
      name: "chat_message_delivery_latency_seconds",
      help: "Time from a message being stored to its live frame being written to a WebSocket",
      buckets: DELIVERY_BUCKETS,
      registers,
    }),
    httpRequests: new Counter({
      name: "chat_http_requests_total",
      help: "HTTP requests by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "chat_http_request_duration_seconds",
      help: "HTTP request durations by method and route pattern",
      labelNames: ["method", "route"] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    errorFrames: zeroed(
      new Counter({
        name: "chat_ws_error_frames_total",
        help: "WebSocket error frames sent, by code",
        labelNames: ["code"] as const,
        registers,
      }),
      "code",
      ErrorCode.options,
    ),
    wsCloses: zeroed(
      new Counter({
        name: "chat_ws_server_closes_total",
        help: "WebSocket connections the server closed, by close code",
        labelNames: ["code"] as const,
        registers,
      }),
      "code",
      Object.values(CLOSE_CODES).map(({ code }) => String(code)),
    ),
    busFailures: zeroed(
      new Counter({
        name: "chat_bus_failures_total",
        help: "Failed bus calls, by operation",
        labelNames: ["operation"] as const,
        registers,
      }),
      "operation",
      BUS_OPERATIONS,
    ),
    rateLimitRejections: new Counter({
      name: "chat_rate_limit_rejections_total",
      help: "Requests and frames refused by a rate limit, by limit",
      labelNames: ["limit"] as const,
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: "chat_db_query_duration_seconds",
      help: "Database statement durations, by statement kind",
      labelNames: ["operation"] as const,
      buckets: DB_BUCKETS,
      registers,
    }),
    appendBatchSize: new Histogram({
      name: "chat_message_append_batch_size",
      help: "Messages stored per append statement",
      buckets: BATCH_BUCKETS,
      registers,
    }),
  };
}

/** `counter` with a series at 0 for each of `values` of `label`. */
function zeroed<L extends string>(counter: Counter<L>, label: L, values: readonly string[]) {
  for (const value of values) counter.inc({ [label]: value } as Record<L, string>, 0);
  return counter;
}
