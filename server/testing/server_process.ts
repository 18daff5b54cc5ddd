/**
 * The real server process (`deno run -A server/main.ts`, or a bundle or binary of it) for tests
 * that kill or stop it or run it as shipped. Its data lives in a {@linkcode ServerHome} of the
 * test's own: PGlite in the home's folder in embedded mode, the home's schema of DATABASE_URL in
 * services mode (REDIS_URL is inherited). Rate limits are generous unless `env` sets them.
 *
 * @module
 */
import type { ServerHome } from "./server_home.ts";
import { within } from "./within.ts";

const REPO_ROOT = new URL("../../", import.meta.url);
// A fresh PGlite data dir runs initdb: 15 s on an idle 2-core machine, more under load.
const READY_TIMEOUT_MS = 90_000;
const GENEROUS_RATE = "100000/1m";

/** A started server process. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>/api/v1/ws` */
  wsUrl: string;
  child: Deno.ChildProcess;
  /** Resolves when the process exits. */
  status: Promise<Deno.CommandStatus>;
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` unless the process has exited. */
  kill(signal: Deno.Signal): void;
  /**
   * {@linkcode status}, or a `WaitTimeout` after `ms` (default 20 s) naming the process and its
   * output so far.
   */
  exited(ms?: number): Promise<Deno.CommandStatus>;
}

/** Default bound on waiting for a process to exit: the server stops within 10 s. */
const EXIT_TIMEOUT_MS = 20_000;

/** Options for {@linkcode spawnServer}. */
export interface SpawnServerOptions {
  port: number;
  /** Where the process keeps its data (see `server_home.ts`); restarts reuse the same home. */
  home: ServerHome;
  /** Variables over the inherited environment, the home's and this module's defaults. */
  env?: Record<string, string>;
  /** What to run instead of `deno run -A server/main.ts` in the repository. */
  command?: { path: string; args: string[]; cwd: string };
  /** How long to wait for /readyz; default 90 s. */
  readyTimeoutMs?: number;
  /**
   * The CA that signed the server's certificate, when `env` gives it TLS_CERT_FILE and
   * TLS_KEY_FILE: the URLs are then https:// and wss://.
   */
  caFile?: string;
}

/** A TCP port that was free a moment ago. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** Starts the server and resolves once `/readyz` answers 200. */
export async function spawnServer(
  { port, home, env = {}, command, readyTimeoutMs = READY_TIMEOUT_MS, caFile }: SpawnServerOptions,
): Promise<ServerProcess> {
  const child = new Deno.Command(command?.path ?? Deno.execPath(), {
    args: command?.args ?? ["run", "-A", "server/main.ts"],
    cwd: command?.cwd ?? REPO_ROOT,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      CHAT_DATA_DIR: home.dataDir,
      CHAT_ENV: "development",
      // Blank counts as unset: the development secret in dataDir survives restarts.
      JWT_SECRET: "",
      NODE_ENV: "",
      LOG_LEVEL: "warn",
      RATE_LIMIT_REST: GENEROUS_RATE,
      RATE_LIMIT_LOGIN: GENEROUS_RATE,
      RATE_LIMIT_LOGIN_IP: GENEROUS_RATE,
      RATE_LIMIT_REGISTER: GENEROUS_RATE,
      RATE_LIMIT_WS_SEND: GENEROUS_RATE,
      RATE_LIMIT_WS_BURST: GENEROUS_RATE,
      RATE_LIMIT_ROOM_MENTION: GENEROUS_RATE,
      ...home.env,
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text += chunk;
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const status = drained.then(() => child.status);
  let exited = false;
  status.then(() => exited = true);
  const secure = caFile ? "s" : "";
  const url = `http${secure}://127.0.0.1:${port}`;
  const client = caFile
    ? Deno.createHttpClient({ caCerts: [await Deno.readTextFile(caFile)] })
    : undefined;
  const server: ServerProcess = {
    url,
    wsUrl: `ws${secure}://127.0.0.1:${port}/api/v1/ws`,
    child,
    status,
    output: () => text,
    exited: (ms = EXIT_TIMEOUT_MS) =>
      within(status, ms, () => `the server process on port ${port} to exit; output:\n${text}`),
    kill(signal) {
      if (exited) return;
      try {
        child.kill(signal);
      } catch {
        // Exited meanwhile.
      }
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (!exited) {
    try {
      const res = await fetch(`${url}/readyz`, client && { client });
      await res.body?.cancel();
      if (res.status === 200) {
        client?.close();
        return server;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      client?.close();
      server.kill("SIGKILL");
      await status;
      throw new Error(`${url}/readyz never answered 200; output:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  client?.close();
  throw new Error(`The server exited before it was ready; output:\n${text}`);
}
