/**
 * The servers a benchmark drives, each started as its own process on a free port: the chat server
 * (`server/main.ts`, embedded or against PostgreSQL and Redis) and the bare fan-out ceiling
 * (`bare_server.ts`). Also reads a process's memory and CPU time from `/proc`.
 *
 * @module
 */

/** The rate limits of the run: far above the load, so that the server, not a limit, is measured. */
const UNLIMITED = "1000000/1s";
const ROOT = new URL("../../", import.meta.url);

/** A started server. */
export interface RunningServer {
  url: string;
  /** Server process id, or null for a server given by URL. */
  pid: number | null;
  stop(): Promise<void>;
}

/** Where the chat server keeps its data. */
export type Mode = "embedded" | "services";

/** A TCP port nothing listens on right now. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitHealthy(url: string, child: Deno.ChildProcess) {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    const ok = await fetch(`${url}/healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Server at "${url}" did not become healthy${exited ? ": it exited" : ""}`);
}

async function spawn(args: string[], env: Record<string, string>): Promise<RunningServer> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child);
  } catch (err) {
    child.kill("SIGKILL");
    await child.status;
    throw err;
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await child.status;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the bare fan-out server.
 *
 * @returns the running server
 */
export function startBareServer(): Promise<RunningServer> {
  return spawn(["run", "--allow-net", "--allow-env", "scripts/bench/bare_server.ts"], {});
}

/** Runs one statement with `psql` against `databaseUrl`. */
async function psql(databaseUrl: string, sql: string) {
  const { success, stderr } = await new Deno.Command("psql", {
    args: [databaseUrl, "-v", "ON_ERROR_STOP=1", "-qc", sql],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`psql failed: ${new TextDecoder().decode(stderr).trim()}`);
}

/**
 * Starts the chat server with generous rate limits and the default bcrypt cost. In services mode
 * it gets a fresh PostgreSQL database, created with `psql` next to `databaseUrl` and dropped by
 * `stop()`, and `redisUrl` as its bus.
 *
 * @returns the running server
 */
export async function startChatServer(
  mode: Mode,
  { databaseUrl, redisUrl, prefix, cpuProfDir }: {
    databaseUrl: string;
    redisUrl: string;
    prefix: string;
    /** Write a V8 CPU profile of the server here when it exits (`deno run --cpu-prof`). */
    cpuProfDir: string | null;
  },
): Promise<RunningServer> {
  const dataDir = await Deno.makeTempDir({ prefix: "chat-bench-" });
  const env: Record<string, string> = {
    HOST: "127.0.0.1",
    CHAT_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    JWT_SECRET: crypto.randomUUID() + crypto.randomUUID(),
    RATE_LIMIT_REST: UNLIMITED,
    RATE_LIMIT_LOGIN: UNLIMITED,
    RATE_LIMIT_LOGIN_IP: UNLIMITED,
    RATE_LIMIT_REGISTER: UNLIMITED,
    RATE_LIMIT_WS_SEND: UNLIMITED,
    RATE_LIMIT_WS_BURST: UNLIMITED,
    RATE_LIMIT_ROOM_MENTION: UNLIMITED,
  };
  let benchDb: string | null = null;
  if (mode === "services") {
    benchDb = `bench_${prefix}`;
    await psql(databaseUrl, `CREATE DATABASE ${benchDb}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${benchDb}`;
    env.DATABASE_URL = url.href;
    env.REDIS_URL = redisUrl;
  }
  const cleanUp = async () => {
    if (benchDb) await psql(databaseUrl, `DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
    await Deno.remove(dataDir, { recursive: true });
  };
  const args = ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write"];
  try {
    const profile = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [];
    const server = await spawn([...args, "--allow-sys", ...profile, "server/main.ts"], env);
    return {
      ...server,
      async stop() {
        await server.stop();
        await cleanUp();
      },
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

/**
 * Resident memory of process `pid` in bytes (VmRSS), or null when it cannot be read.
 *
 * @example
 * ```ts
 * import { rssBytes } from "./_servers.ts";
 *
 * console.log(rssBytes(Deno.pid));
 * ```
 */
export function rssBytes(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = status.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) process `pid` has used, or null when it cannot be read. */
export function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
