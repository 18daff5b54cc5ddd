/**
 * A Redis server of a test's own, on a free port, that the test may stop and start again (a
 * restart without persistence, as the machine's Redis is configured). Needs `redis-server` on
 * the PATH, as services mode does.
 *
 * @module
 */
import { within } from "./within.ts";

/** A private Redis process. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Starts the server (again) and waits until it answers. */
  start(): Promise<void>;
  /** Kills the server and waits for it to exit. */
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts a private Redis. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = freePort();
  let child: Deno.ChildProcess | undefined;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = new Deno.Command("redis-server", {
        args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout: "null",
        stderr: "null",
      }).spawn();
      for (let i = 0; i < 100; i++) {
        try {
          const conn = await Deno.connect({ hostname: "127.0.0.1", port });
          conn.close();
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      throw new Error(`redis-server did not start on port ${port}`);
    },
    async stop() {
      if (!child) return;
      child.kill("SIGKILL");
      await within(child.status, 10_000, "the private redis-server to exit after SIGKILL");
      child = undefined;
    },
  };
  await redis.start();
  return redis;
}
