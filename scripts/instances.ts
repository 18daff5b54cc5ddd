/**
 * `deno task instances`: several server instances on consecutive ports, sharing one PostgreSQL
 * and one Redis, as they would run behind a load balancer; for trying scale-out locally without
 * Docker.
 *
 * ```sh
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/chat REDIS_URL=redis://127.0.0.1:6379 \
 *   deno task instances --count 2 --port 8081
 * ```
 *
 * Each instance is `deno task start` with its own PORT. They sign tokens with the same
 * JWT_SECRET (one is generated when it is unset), so a client can move between them. Their JSON
 * logs go to this process's stdout, each line with its instance id. Ctrl+C (SIGINT) or SIGTERM
 * stops them all gracefully and waits for them; an instance that dies alone (say, killed to try a
 * failover) is reported and the others keep running.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** What to start. */
export interface InstancesOptions {
  /** How many instances; at least 1. */
  count: number;
  /** Port of the first instance; the others follow. */
  port: number;
  /** Shared by every instance. */
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
}

const USAGE = `Usage: deno task instances [--count N] [--port FIRST_PORT]

Starts N server instances (default 2) on consecutive ports from FIRST_PORT (default 8081).
DATABASE_URL and REDIS_URL must be set; JWT_SECRET is generated when unset.`;

/**
 * Reads the command line and the environment.
 *
 * @param args the command line after the script
 * @param env the environment (normally `Deno.env.toObject()`)
 * @returns the options
 * @throws {Error} with a message for people, naming what is wrong or missing
 *
 * @example Three instances from port 9000
 * ```ts
 * import { instancesOptions } from "./instances.ts";
 *
 * const options = instancesOptions(["--count", "3", "--port", "9000"], {
 *   DATABASE_URL: "postgres://postgres@127.0.0.1:5432/chat",
 *   REDIS_URL: "redis://127.0.0.1:6379",
 * });
 * console.log(options.count, options.port); // 3 9000
 * ```
 */
export function instancesOptions(
  args: string[],
  env: Record<string, string | undefined>,
): InstancesOptions {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: "string", short: "n", default: "2" },
      port: { type: "string", short: "p", default: "8081" },
    },
  });
  const count = Number(values.count);
  const port = Number(values.port);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`Invalid --count "${values.count}": expected a whole number of at least 1`);
  }
  if (!Number.isInteger(port) || port < 1 || port + count - 1 > 65535) {
    throw new Error(
      `Invalid --port "${values.port}": ports ${port}…${port + count - 1} do not fit`,
    );
  }
  const missing = ["DATABASE_URL", "REDIS_URL"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(" and ")}: the instances share one database and bus`);
  }
  return {
    count,
    port,
    databaseUrl: env.DATABASE_URL!,
    redisUrl: env.REDIS_URL!,
    jwtSecret: env.JWT_SECRET || crypto.randomUUID() + crypto.randomUUID(),
  };
}

/** A started instance. */
export interface Instance {
  url: string;
  process: Deno.ChildProcess;
}

/**
 * Starts the instances; {@linkcode waitUntilAnswering} tells when they serve.
 *
 * @returns one per port, in port order
 */
export function spawnInstances(options: InstancesOptions): Instance[] {
  const root = new URL("../", import.meta.url);
  return Array.from({ length: options.count }, (_, i) => {
    const port = options.port + i;
    const process = new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "start"],
      cwd: root,
      env: {
        PORT: String(port),
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        JWT_SECRET: options.jwtSecret,
      },
      stdin: "null",
    }).spawn();
    return { url: `http://127.0.0.1:${port}`, process };
  });
}

/**
 * Resolves once every instance answers `/healthz`.
 *
 * @throws {Error} when an instance exits first or does not answer within `timeoutMs`
 */
export async function waitUntilAnswering(
  instances: readonly Instance[],
  timeoutMs = 60_000,
): Promise<void> {
  await Promise.all(instances.map((instance) => answering(instance, timeoutMs)));
}

async function answering({ url, process }: Instance, timeoutMs: number): Promise<void> {
  let exited = false;
  process.status.then(() => exited = true);
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (exited) throw new Error(`The instance for ${url} exited before it answered`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`No answer from ${url}/healthz in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Sends SIGTERM to every instance still running and waits for all of them.
 *
 * @returns true when every instance exited with status 0
 */
export async function stopInstances(instances: readonly Instance[]): Promise<boolean> {
  for (const { process } of instances) {
    try {
      process.kill("SIGTERM");
    } catch {
      // Already exited.
    }
  }
  const statuses = await Promise.all(instances.map(({ process }) => process.status));
  return statuses.every((status) => status.success);
}

async function main(): Promise<number> {
  let options: InstancesOptions;
  try {
    options = instancesOptions(Deno.args, Deno.env.toObject());
  } catch (err) {
    console.error(`instances: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const instances = spawnInstances(options);
  let stopping: Promise<boolean> | undefined;
  const stop = () => stopping ??= stopInstances(instances);
  // In a terminal, Ctrl+C reaches the instances too (one process group); SIGTERM from elsewhere
  // does not, so both are forwarded.
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, stop);
  try {
    await waitUntilAnswering(instances);
  } catch (err) {
    if (stopping) return (await stopping) ? 0 : 1;
    console.error(`instances: ${(err as Error).message}`);
    await stop();
    return 1;
  }
  if (stopping) return (await stopping) ? 0 : 1;
  console.error(`instances: ${instances.length} running; Ctrl+C stops them`);
  for (const [i, { url }] of instances.entries()) {
    console.log(`instance ${i + 1}: ${url}  ws${url.slice(4)}/api/v1/ws`);
  }
  for (const [i, { process }] of instances.entries()) {
    process.status.then(({ code }) => {
      if (!stopping) console.error(`instances: instance ${i + 1} exited with status ${code}`);
    });
  }
  await Promise.all(instances.map(({ process }) => process.status));
  return (await (stopping ?? Promise.resolve(false))) ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
