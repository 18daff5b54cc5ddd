/**
 * A Redis Cluster of a test's own: 3 masters and 3 replicas of Debian's `redis-server` on free
 * loopback ports, each node in a temporary directory of its own, joined with
 * `redis-cli --cluster create --cluster-replicas 1`. A short `cluster-node-timeout` makes a
 * killed master's replica take over within about a second. Needs `redis-server` and `redis-cli`
 * on the PATH, as services mode does.
 *
 * @module
 */
import { within } from "./within.ts";

/** A node of the cluster. */
export interface ClusterNode {
  port: number;
  /** `127.0.0.1:<port>` */
  address: string;
}

/** A running private cluster. */
export interface PrivateRedisCluster {
  nodes: readonly ClusterNode[];
  /** `127.0.0.1:<port>,...` of every node, as `REDIS_CLUSTER_NODES` takes it. */
  seeds: string;
  /** The addresses of the current masters that serve slots, from `CLUSTER NODES`. */
  masters(): Promise<string[]>;
  /** The address of the master that serves `key`'s hash slot (a sharded channel's too). */
  masterOf(key: string): Promise<string>;
  /** SIGKILLs the node at `address` and waits for its process to exit. */
  kill(address: string): Promise<void>;
  /**
   * Polls until every slot is served by a live master again (`cluster_state:ok` on every live
   * node, and `address` no longer a master), after {@linkcode kill}.
   * @throws when that takes longer than `timeoutMs` (default 30 s: polling, so a loaded machine
   * only makes it wait longer)
   */
  waitForFailover(address: string, timeoutMs?: number): Promise<void>;
  /**
   * Kills every node and removes their directories; safe to call more than once.
   * @throws when the directories cannot be removed
   */
  stop(): Promise<void>;
}

/** Options for {@linkcode startRedisCluster}. */
export interface RedisClusterOptions {
  /** `cluster-node-timeout` in ms; default 500, so that a failover takes about a second. */
  nodeTimeoutMs?: number;
}

/** `count` distinct free ports: the listeners are held open together, so none repeats. */
function freePorts(count: number): number[] {
  const listeners = Array.from(
    { length: count },
    () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
  );
  for (const listener of listeners) listener.close();
  return listeners.map((listener) => (listener.addr as Deno.NetAddr).port);
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command("redis-cli", {
    args: ["-h", "127.0.0.1", "-p", String(port), ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  if (code !== 0) {
    throw new Error(`redis-cli ${args.join(" ")} failed: ${new TextDecoder().decode(stderr)}`);
  }
  return text;
}

/** Calls `probe` every 50 ms until it returns true; `what` names the condition in the error. */
async function poll(what: string, timeoutMs: number, probe: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis Cluster: timed out after ${timeoutMs} ms waiting for ${what}`);
}

const clusterOk = async (port: number) =>
  (await redisCli(port, "cluster", "info")).includes("cluster_state:ok");

/**
 * Starts the six nodes, creates the cluster and waits (polling) until every node reports
 * `cluster_state:ok`. On failure everything started so far is stopped again.
 */
export async function startRedisCluster(
  { nodeTimeoutMs = 500 }: RedisClusterOptions = {},
): Promise<PrivateRedisCluster> {
  const root = await Deno.makeTempDir({ prefix: "chat-redis-cluster-" });
  const processes = new Map<number, Deno.ChildProcess>();
  const nodes: ClusterNode[] = [];
  let stopped = false;

  async function kill(port: number) {
    const child = processes.get(port);
    if (!child) return;
    processes.delete(port);
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
    await within(child.status, 10_000, `redis-server on port ${port} to exit after SIGKILL`);
  }

  function liveNode(): ClusterNode {
    const live = nodes.find((n) => processes.has(n.port));
    if (!live) throw new Error("Redis Cluster: no node is running");
    return live;
  }

  /** The live masters with their slot ranges, from `CLUSTER NODES`. */
  async function masterSlots() {
    const lines = (await redisCli(liveNode().port, "cluster", "nodes")).trim().split("\n");
    // Fields: id, ip:port@bus, flags, master id, ping, pong, epoch, link state, slot ranges...
    return lines.map((line) => line.split(" "))
      .filter((f) => /(^|,)master(,|$)/.test(f[2] ?? "") && !/fail/.test(f[2] ?? ""))
      .filter((f) => f.length > 8)
      .map((f) => ({
        address: (f[1] ?? "").split("@")[0]!,
        ranges: f.slice(8).filter((r) => !r.startsWith("[")).map((r) => {
          const [from, to = from] = r.split("-").map(Number);
          return [from!, to!] as const;
        }),
      }));
  }

  const cluster: PrivateRedisCluster = {
    nodes,
    get seeds() {
      return nodes.map((n) => n.address).join(",");
    },
    async masters() {
      return (await masterSlots()).map((m) => m.address);
    },
    async masterOf(key) {
      const slot = Number(await redisCli(liveNode().port, "cluster", "keyslot", key));
      const owner = (await masterSlots()).find((m) =>
        m.ranges.some(([from, to]) => from <= slot && slot <= to)
      );
      if (!owner) throw new Error(`Redis Cluster: no master serves slot ${slot}`);
      return owner.address;
    },
    async kill(address) {
      const node = nodes.find((n) => n.address === address);
      if (!node) throw new Error(`Redis Cluster: no node at "${address}"`);
      await kill(node.port);
    },
    async waitForFailover(address, timeoutMs = 30_000) {
      await poll(`a replica to replace ${address}`, timeoutMs, async () => {
        for (const n of nodes) if (processes.has(n.port) && !await clusterOk(n.port)) return false;
        const masters = await cluster.masters();
        return masters.length === 3 && !masters.includes(address);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([...processes.keys()].map(kill));
      // Every node has exited, so nothing writes there any more: a failure here is a leak to see.
      await Deno.remove(root, { recursive: true });
    },
  };

  try {
    // Each node has a client port and a cluster bus port (by default port + 10,000, which may be
    // taken or out of range, so it is chosen as well).
    const ports = freePorts(12);
    for (let i = 0; i < 6; i++) {
      const port = ports[i]!;
      const dir = `${root}/${port}`;
      await Deno.mkdir(dir);
      const child = new Deno.Command("redis-server", {
        args: [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--cluster-enabled",
          "yes",
          "--cluster-port",
          String(ports[i + 6]),
          "--cluster-config-file",
          "nodes.conf",
          "--cluster-node-timeout",
          String(nodeTimeoutMs),
          "--save",
          "",
          "--appendonly",
          "no",
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      processes.set(port, child);
      nodes.push({ port, address: `127.0.0.1:${port}` });
    }
    for (const { port } of nodes) {
      await poll(
        `node ${port} to answer`,
        30_000,
        async () => (await redisCli(port, "ping")).trim() === "PONG",
      );
    }
    await redisCli(
      nodes[0]!.port,
      "--cluster",
      "create",
      ...nodes.map((n) => n.address),
      "--cluster-replicas",
      "1",
      "--cluster-yes",
    );
    for (const { port } of nodes) {
      await poll(`cluster_state:ok on ${port}`, 30_000, () => clusterOk(port));
      // A replica that never synced may refuse to take over (its data counts as too old).
      await poll(`replication of ${port}`, 30_000, async () => {
        const info = await redisCli(port, "info", "replication");
        return info.includes("role:master") || info.includes("master_link_status:up");
      });
    }
    return cluster;
  } catch (err) {
    await cluster.stop().catch((cleanup) => {
      throw new AggregateError([err, cleanup], "Redis Cluster: start failed, then clean-up too");
    });
    throw err;
  }
}
