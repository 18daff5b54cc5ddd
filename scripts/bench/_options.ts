/**
 * The command line of `deno task bench`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { Plan } from "./_protocol.ts";
import type { Mode } from "./_servers.ts";

/**
 * What to run: the workload of every run (see {@linkcode Plan}; `users` defaults to 200, 10 with
 * `--quick`, each costing two bcrypt hashes to set up) and how to run it.
 */
export interface BenchOptions extends Pick<Plan, Exclude<keyof Plan, "target" | "url" | "prefix">> {
  quick: boolean;
  mode: Mode;
  /** Drive this server instead of starting one (the baseline still runs locally). */
  server: string | null;
  /** Skip the bare baseline. */
  noBaseline: boolean;
  /** Offered rates (msg/s) to run one after another instead of `rate`, each on a fresh server. */
  sweep: number[] | null;
  /** Directory for a CPU profile of the chat server (`.cpuprofile`, for Chrome DevTools). */
  cpuProf: string | null;
}

/** Usage text. */
export const USAGE =
  `Usage: deno task bench [--quick] [--connections N] [--rooms R] [--members M] [--users U] [--rate MSGS_PER_S]
  [--size BYTES] [--duration S] [--warmup S] [--mode embedded|services] [--server URL] [--no-baseline]
  [--cpu-prof DIR] [--sweep RATE,RATE,...]

--quick is 100 connections, 10 rooms of 2 members among 10 users (10 sockets each), 50 msg/s,
32 B, 5 s after 1 s of warm-up: few users because each costs two bcrypt hashes (seconds each on
a busy machine), a low rate because embedded PGlite stores about 50 msg/s there.
Other defaults: 100 rooms of 20 members among 200 users (each in 10 rooms, one socket each), 1000
msg/s, 100 B, 60 s after 5 s, embedded. --users 2000 --connections 2000 makes one user per
membership; their 4,000 hashes add about 7 minutes of set-up with one hashing worker.
--sweep 250,500,1000 runs the chat workload at each rate on a fresh server (no baseline) and prints
the highest rate sustained with delivery p99 under 100 ms.
--cpu-prof DIR writes a V8 CPU profile of the chat server to DIR when it stops.
--search [--messages N] [--rounds R] [--explain] times GET /search over N stored messages
(default 1,000,000, seeded through SQL) in services mode instead (scripts/bench/search_bench.ts).
Services mode reads DATABASE_URL (a database to create the bench database next to; default
postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL (default redis://127.0.0.1:6379).`;

const QUICK = {
  connections: 100,
  rooms: 10,
  members: 2,
  rate: 50,
  size: 32,
  duration: 5,
  warmup: 1,
};
const QUICK_USERS = 10;
const FULL_USERS = 200;
const FULL = {
  connections: 200,
  rooms: 100,
  members: 20,
  rate: 1000,
  size: 100,
  duration: 60,
  warmup: 5,
};

/**
 * Parses `args`.
 *
 * @returns the options, flags over the `--quick` or full defaults
 * @throws {Error} naming the bad flag
 *
 * @example A quick run in services mode
 * ```ts
 * import { benchOptions } from "./_options.ts";
 *
 * const options = benchOptions(["--quick", "--mode", "services"]);
 * console.log(options.connections, options.mode); // 100 "services"
 * ```
 */
export function benchOptions(args: string[]): BenchOptions {
  const number = { type: "string" } as const;
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: "boolean", default: false },
      connections: number,
      rooms: number,
      members: number,
      users: number,
      rate: number,
      size: number,
      duration: number,
      warmup: number,
      mode: { type: "string", default: "embedded" },
      server: { type: "string" },
      "no-baseline": { type: "boolean", default: false },
      "cpu-prof": { type: "string" },
      sweep: { type: "string" },
    },
  });
  const defaults = values.quick ? QUICK : FULL;
  const pick = (name: keyof typeof QUICK, min: number) => {
    const raw = values[name];
    const value = raw === undefined ? defaults[name] : Number(raw);
    if (!Number.isFinite(value) || value < min) {
      throw new Error(`Invalid --${name} "${raw}": expected a number of at least ${min}`);
    }
    return value;
  };
  if (values.mode !== "embedded" && values.mode !== "services") {
    throw new Error(`Invalid --mode "${values.mode}": expected embedded or services`);
  }
  const options: BenchOptions = {
    quick: values.quick,
    connections: Math.floor(pick("connections", 1)),
    rooms: Math.floor(pick("rooms", 1)),
    members: Math.floor(pick("members", 1)),
    users: 0,
    rate: pick("rate", 0),
    size: Math.floor(pick("size", 1)),
    duration: pick("duration", 1),
    warmup: pick("warmup", 0),
    mode: values.mode,
    server: values.server ?? null,
    noBaseline: values["no-baseline"],
    cpuProf: values["cpu-prof"] ?? null,
    sweep: null,
  };
  if (values.sweep !== undefined) {
    const rates = values.sweep.split(",").map(Number);
    if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r <= 0)) {
      throw new Error(`Invalid --sweep "${values.sweep}": expected rates in msg/s, like 250,500`);
    }
    options.sweep = rates.sort((a, b) => a - b);
  }
  const memberships = options.rooms * options.members;
  const defaultUsers = Math.min(values.quick ? QUICK_USERS : FULL_USERS, memberships);
  options.users = values.users === undefined ? defaultUsers : Number(values.users);
  if (
    !Number.isInteger(options.users) || options.users < options.members ||
    options.users > memberships
  ) {
    throw new Error(
      `Invalid --users "${values.users}": expected a whole number from members (${options.members}) to rooms × members (${memberships})`,
    );
  }
  if (options.connections < options.users) {
    throw new Error(
      `Invalid --connections ${options.connections}: at least one per user (${options.users}) is needed`,
    );
  }
  return options;
}
