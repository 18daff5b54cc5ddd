/**
 * The load generator, run by `bench.ts` as its own process so that its CPU is not the server's:
 * `deno run -A scripts/bench/generator.ts '<plan JSON>'`.
 *
 * It creates the population, waits for a line on stdin, opens every WebSocket (`hello`, then
 * `welcome`), waits for another line, then sends at the plan's rate for warm-up plus the measured
 * duration, drains, and prints its {@linkcode LoadResult}. Progress goes to stdout as one JSON
 * {@linkcode GeneratorEvent} a line.
 *
 * @module
 */
import type { GeneratorEvent, LoadResult, Plan } from "./_protocol.ts";
import { memberOf, populate } from "./_population.ts";
import { pool } from "./_rest.ts";
import { startRestProbe } from "./_rest_probe.ts";
import { summarise } from "./_stats.ts";
import { DeliveryTracker } from "./_tracker.ts";

/** Longest wait for outstanding acks and deliveries after the last send. */
const DRAIN_TIMEOUT_MS = 15_000;
/** WebSocket handshakes in flight at once while connecting. */
const CONNECT_CONCURRENCY = 64;

const encoder = new TextEncoder();
const emit = (event: GeneratorEvent) =>
  Deno.stdout.writeSync(encoder.encode(JSON.stringify(event) + "\n"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stdinLines = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
/** Waits for the driver's go-ahead (any line on stdin). */
async function proceed() {
  const { done } = await stdinLines.read();
  if (done) Deno.exit(2);
}

const plan: Plan = JSON.parse(Deno.args[0]!);
const userSetupStart = performance.now();
const population = await populate(plan);
const userSetupS = (performance.now() - userSetupStart) / 1000;
emit({ event: "users_ready" });
await proceed();

const tracker = new DeliveryTracker();
const wsUrl = plan.url.replace(/^http/, "ws") + "/api/v1/ws";
const membership = new Map<number, string[]>();
const recipients = new Array<number>(plan.rooms).fill(0);
let closed = 0;

/** Opens connection `j` for user `j % users` and resolves on `welcome`. */
function connect(j: number): Promise<WebSocket> {
  const user = j % plan.users;
  const rooms = population.userRooms[user]!;
  const roomIds = rooms.map((r) => population.roomIds[r]!);
  const socket = new WebSocket(wsUrl);
  return new Promise((resolve, reject) => {
    socket.onopen = () => {
      const hello = plan.target === "bare"
        ? {
          type: "hello",
          token: population.tokens[user],
          resume: Object.fromEntries(roomIds.map((id) => [id, 0])),
        }
        : { type: "hello", token: population.tokens[user] };
      socket.send(JSON.stringify(hello));
    };
    socket.onerror = () => reject(new Error(`Cannot connect socket ${j} to "${wsUrl}"`));
    socket.onclose = () => closed++;
    socket.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      switch (frame.type) {
        case "event": {
          if (frame.event.type !== "message_posted") return;
          const m = frame.event.message;
          return tracker.delivered(j, m.room_id, m.seq, m.client_msg_id);
        }
        case "ack":
          return tracker.ack(frame.room_id, frame.ref, frame.seq);
        case "error":
          return tracker.error(frame.ref);
        case "welcome":
          membership.set(j, roomIds);
          for (const r of rooms) recipients[r]!++;
          return resolve(socket);
      }
    };
  });
}

const connectStart = performance.now();
const sockets = await pool(
  Array.from({ length: plan.connections }, (_, j) => j),
  CONNECT_CONCURRENCY,
  connect,
);
const connectS = (performance.now() - connectStart) / 1000;
emit({ event: "connected" });
await proceed();

const text = "x".repeat(plan.size);
let k = 0;
/** Sends message `k`: rooms in turn, each room's members in turn. */
function sendNext() {
  const room = k % plan.rooms;
  const member = Math.floor(k / plan.rooms) % plan.members;
  const socket = sockets[memberOf(plan, room, member)]!;
  const clientMsgId = crypto.randomUUID();
  tracker.sending(clientMsgId, recipients[room]!);
  socket.send(JSON.stringify({
    type: "send",
    room_id: population.roomIds[room],
    client_msg_id: clientMsgId,
    text,
  }));
  k++;
}

const loadStart = performance.now();
const totalMs = (plan.warmup + plan.duration) * 1000;
const ticker = setInterval(() => {
  const elapsed = performance.now() - loadStart;
  const due = Math.floor(Math.min(elapsed, totalMs) / 1000 * plan.rate);
  while (k < due) sendNext();
}, 5);
await sleep(plan.warmup * 1000);
tracker.measuring = true;
const probe = plan.target === "chat"
  ? startRestProbe(plan.url, population.probeUser, population.tokens[0]!, population.roomIds[0]!)
  : null;
const windowStart = performance.now();
await sleep(plan.duration * 1000);
tracker.measuring = false;
const windowS = (performance.now() - windowStart) / 1000;
clearInterval(ticker);
const rest = probe ? await probe.stop() : null;

const drainUntil = performance.now() + DRAIN_TIMEOUT_MS;
while (performance.now() < drainUntil) {
  const { acks, deliveries } = tracker.outstanding();
  if (acks === 0 && deliveries === 0) break;
  await sleep(50);
}
const { acks: unacked } = tracker.outstanding();

const result: LoadResult = {
  target: plan.target,
  userSetupS,
  connectS,
  connectRate: plan.connections / connectS,
  sentPerS: tracker.windowSent / windowS,
  ackedPerS: tracker.windowAcked / windowS,
  deliveredPerS: tracker.windowDelivered / windowS,
  delivery: summarise(tracker.deliveryMs),
  ack: summarise(tracker.ackMs),
  sent: tracker.sent,
  acked: tracker.acked,
  errors: tracker.errors,
  unacked,
  lost: tracker.lost(membership),
  duplicated: tracker.duplicated,
  outOfOrder: tracker.outOfOrder,
  closed,
  rest,
};
emit({ event: "done", result });
for (const socket of sockets) socket.onclose = null, socket.close(1000);
Deno.exit(0);
