/**
 * What the benchmark driver and its load generator process tell each other: the plan goes to the
 * generator as its first argument (JSON), and the generator reports on stdout, one JSON event a
 * line. The driver answers each `*_ready` event with a line on the generator's stdin, after it has
 * sampled the server's memory, so the samples fall between phases.
 *
 * @module
 */
import type { Summary } from "./_stats.ts";

/** The server a run drives: the chat server, or the bare fan-out ceiling. */
export type TargetKind = "chat" | "bare";

/** The workload of one run. */
export interface Plan {
  target: TargetKind;
  /** Base URL, like `http://127.0.0.1:8080`. */
  url: string;
  connections: number;
  rooms: number;
  members: number;
  /** Distinct users; each belongs to `rooms × members / users` rooms. */
  users: number;
  /** Total `send` frames per second over all rooms. */
  rate: number;
  /** Bytes of message text. */
  size: number;
  /** Measured seconds, after `warmup` seconds of the same load. */
  duration: number;
  warmup: number;
  /** Prefix of usernames and room names, unique per run. */
  prefix: string;
}

/** REST latencies measured while the load runs (chat target only). */
export interface RestResult {
  login: Summary;
  roomList: Summary;
  history: Summary;
  failures: number;
}

/** What the generator measured. */
export interface LoadResult {
  target: TargetKind;
  /** Seconds to register and log in the users, create the rooms and join them. */
  userSetupS: number;
  /** Seconds to open every WebSocket and get `welcome`. */
  connectS: number;
  /** Connections established per second. */
  connectRate: number;
  /** `send` frames written in the measured window, and acknowledged in it, per second. */
  sentPerS: number;
  ackedPerS: number;
  /** Posted messages (`message_posted` events) received in the measured window, per second. */
  deliveredPerS: number;
  /** Send → receipt at each member connection, for messages sent in the measured window. */
  delivery: Summary;
  /** Send → ack at the sender. */
  ack: Summary;
  /** Totals over the whole run (warm-up included). */
  sent: number;
  acked: number;
  /** Sends answered with an `error` frame, or never answered before the drain timed out. */
  errors: number;
  unacked: number;
  /** Acknowledged messages some member connection never received. */
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Connections that closed during the run. */
  closed: number;
  rest: RestResult | null;
}

/** One line of the generator's stdout. */
export type GeneratorEvent =
  | { event: "users_ready" }
  | { event: "connected" }
  | { event: "done"; result: LoadResult };
