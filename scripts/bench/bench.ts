/**
 * `deno task bench`: measures the chat server under a chat workload, then the bare fan-out
 * ceiling under the same workload from the same load generator, prints both side by side and
 * writes the figures to `results/bench-<date>.json`. Exits 1 when the chat server lost or
 * duplicated an acknowledged message; timings never fail it. The task runs with `--allow-all`:
 * Deno 2 grants reads of `/proc` (server memory and CPU time, load average) to nothing less, and
 * `--allow-run` of `deno` is all access anyway.
 *
 * ```sh
 * deno task bench --quick
 * deno task bench --mode services --connections 2000 --rooms 100 --members 20 --rate 1000
 * deno task bench --mode services --users 40 --connections 40 --sweep 500,1000,1500,2000
 * deno task bench --search --messages 100000
 * ```
 *
 * @module
 */
import { benchOptions, USAGE } from "./_options.ts";
import type { Plan } from "./_protocol.ts";
import type { BenchReport } from "./_report.ts";
import { renderTable } from "./_report.ts";
import { runLoad, type RunResult } from "./_run.ts";
import { scrapeMeans } from "./_server_metrics.ts";
import { type RunningServer, startBareServer, startChatServer } from "./_servers.ts";
import { searchBench } from "./search_bench.ts";
import { highestSustained, renderSweep, type SweepPoint, sweepPoint } from "./_sweep.ts";

const RESULTS = new URL("../../results/", import.meta.url);

/** Servers to stop if the benchmark is interrupted, so no process or bench database is left. */
const running = new Set<RunningServer>();

/** Starts a server through `start`, tracked until its `stop()` is called. */
async function tracked(start: () => Promise<RunningServer>): Promise<RunningServer> {
  const server = await start();
  running.add(server);
  return {
    ...server,
    stop: async () => {
      running.delete(server);
      await server.stop();
    },
  };
}

function interrupted(signal: Deno.Signal) {
  console.error(`bench: ${signal}: stopping the servers`);
  Promise.all([...running].map((s) => s.stop())).finally(() => Deno.exit(130));
}

async function loadAverage(): Promise<string> {
  return (await Deno.readTextFile("/proc/loadavg").catch(() => "")).split(" ").slice(0, 3)
    .join(" ");
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.includes("--search")) return await searchBench(args.filter((a) => a !== "--search"));
  const options = benchOptions(args);
  const prefix = `b${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
  const plan = (target: Plan["target"], url: string): Plan => ({
    target,
    url,
    connections: options.connections,
    rooms: options.rooms,
    members: options.members,
    users: options.users,
    rate: options.rate,
    size: options.size,
    duration: options.duration,
    warmup: options.warmup,
    prefix,
  });
  const loadBefore = await loadAverage();
  const log = (line: string) => console.error(`bench: ${line}`);

  const startChat = async (): Promise<RunningServer> => {
    if (options.server) {
      return { url: options.server.replace(/\/$/, ""), pid: null, stop: () => Promise.resolve() };
    }
    log(`starting the chat server (${options.mode})`);
    return await tracked(() =>
      startChatServer(options.mode, {
        databaseUrl: Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres",
        redisUrl: Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379",
        prefix,
        cpuProfDir: options.cpuProf,
      })
    );
  };
  if (options.sweep) {
    return await sweep(options.sweep, async (rate, index) => {
      const server = await startChat();
      try {
        log(`sweep: ${rate} msg/s`);
        // Users are registered anew for each rate: a server given by URL keeps the earlier ones.
        return await runLoad(
          { ...plan("chat", server.url), rate, prefix: `${prefix}r${index}` },
          server.pid,
        );
      } finally {
        await server.stop();
      }
    });
  }

  const chatServer = await startChat();
  let chat;
  let serverMeans = null;
  try {
    log(
      `chat: ${options.connections} connections, ${options.rooms}×${options.members}, ${options.rate} msg/s`,
    );
    chat = await runLoad(plan("chat", chatServer.url), chatServer.pid);
    serverMeans = await scrapeMeans(chatServer.url);
  } finally {
    await chatServer.stop();
  }

  let bare = null;
  if (!options.noBaseline) {
    log("starting the bare fan-out baseline");
    const bareServer = await tracked(startBareServer);
    try {
      bare = await runLoad(plan("bare", bareServer.url), bareServer.pid);
    } finally {
      await bareServer.stop();
    }
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpus: navigator.hardwareConcurrency,
      os: `${Deno.build.os} ${Deno.osRelease()}`,
      deno: Deno.version.deno,
      loadBefore,
      loadAfter: await loadAverage(),
    },
    options,
    chat,
    bare,
    serverMeans,
    failed: chat.load.lost > 0 || chat.load.duplicated > 0,
  };
  console.log(renderTable(report));
  for (const [series, { count, mean, unit }] of Object.entries(serverMeans ?? {})) {
    console.log(`server ${series}: mean ${mean}${unit ? ` ${unit}` : ""} over ${count}`);
  }
  console.log(`load average before: ${loadBefore}, after: ${report.machine.loadAfter}`);
  if (chat.load.unacked > 0) {
    console.log(
      `note: ${chat.load.unacked} sends were still unacknowledged 15 s after the load stopped: ` +
        `the chat server did not keep up with ${options.rate} msg/s (see acked msg/s)`,
    );
  }
  await Deno.mkdir(RESULTS, { recursive: true });
  const file = new URL(`bench-${report.date.replaceAll(":", "-")}.json`, RESULTS);
  await Deno.writeTextFile(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`results: ${file.pathname}`);
  if (report.failed) {
    console.error(`bench: FAILED: lost ${chat.load.lost}, duplicated ${chat.load.duplicated}`);
    return 1;
  }
  return 0;
}

/** The p99 bound of the benchmark issue's "highest sustained rate". */
const SWEEP_P99_MS = 100;

/** Runs each rate, prints the sweep table and the highest sustained rate, writes the JSON. */
async function sweep(
  rates: number[],
  run: (rate: number, index: number) => Promise<RunResult>,
): Promise<number> {
  const points: SweepPoint[] = [];
  for (const [index, rate] of rates.entries()) {
    points.push(sweepPoint(rate, await run(rate, index)));
  }
  console.log(renderSweep(points));
  const highest = highestSustained(points, SWEEP_P99_MS);
  console.log(
    `highest sustained rate with delivery p99 < ${SWEEP_P99_MS} ms: ${
      highest === null ? "none of these" : `${highest} msg/s`
    }`,
  );
  await Deno.mkdir(RESULTS, { recursive: true });
  const file = new URL(`sweep-${new Date().toISOString().replaceAll(":", "-")}.json`, RESULTS);
  await Deno.writeTextFile(file, JSON.stringify({ points, highest }, null, 2) + "\n");
  console.log(`results: ${file.pathname}`);
  return points.some((p) => p.lost > 0 || p.duplicated > 0) ? 1 : 0;
}

if (import.meta.main) {
  Deno.addSignalListener("SIGINT", () => interrupted("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => interrupted("SIGTERM"));
  Deno.exit(await main(Deno.args));
}
