/**
 * One measured run: a load generator process against one server, with the server's memory read
 * before the connections open (base), once they are open and quiet (idle), and every second under
 * load (active, the peak is kept), and its CPU time over the load.
 *
 * @module
 */
import type { GeneratorEvent, LoadResult, Plan } from "./_protocol.ts";
import { cpuSeconds, rssBytes } from "./_servers.ts";

/** Server-side figures of a run, read from `/proc`; null for a server given by URL. */
export interface ServerFigures {
  rssBaseBytes: number | null;
  rssIdleBytes: number | null;
  rssActivePeakBytes: number | null;
  /** (idle − base) / connections. */
  rssPerConnectionBytes: number | null;
  /** Server CPU seconds per wall second over the load (1.0 = one core). */
  cpuCores: number | null;
}

/** A run's load figures and server figures. */
export interface RunResult {
  load: LoadResult;
  server: ServerFigures;
  /**
   * The load generator's CPU seconds per wall second over the load: it shares the machine's
   * cores with the server, so a busy generator inflates the latencies it measures.
   */
  generatorCpuCores: number | null;
}

/** Quiet time after the last connection opens, before the idle sample. */
const SETTLE_MS = 1_000;

/**
 * Runs `plan` against the server process `pid` (null when it is remote).
 *
 * @returns what the generator measured and what `/proc` said about the server
 * @throws {Error} when the generator fails
 */
export async function runLoad(plan: Plan, pid: number | null): Promise<RunResult> {
  const generator = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./generator.ts", import.meta.url).pathname, JSON.stringify(plan)],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stdin = generator.stdin.getWriter();
  const go = () => stdin.write(new TextEncoder().encode("go\n"));
  const server: ServerFigures = {
    rssBaseBytes: null,
    rssIdleBytes: null,
    rssActivePeakBytes: null,
    rssPerConnectionBytes: null,
    cpuCores: null,
  };
  let load: LoadResult | null = null;
  let sampler: ReturnType<typeof setInterval> | undefined;
  let cpuStart: { cpu: number | null; generatorCpu: number | null; at: number } | null = null;
  let generatorCpuCores: number | null = null;
  const lines = generator.stdout.pipeThrough(new TextDecoderStream());
  let buffered = "";
  for await (const chunk of lines) {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const event: GeneratorEvent = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (event.event === "users_ready") {
        server.rssBaseBytes = rssBytes(pid);
        await go();
      } else if (event.event === "connected") {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        server.rssIdleBytes = rssBytes(pid);
        cpuStart = {
          cpu: cpuSeconds(pid),
          generatorCpu: cpuSeconds(generator.pid),
          at: performance.now(),
        };
        sampler = setInterval(() => {
          const rss = rssBytes(pid);
          if (rss !== null) {
            server.rssActivePeakBytes = Math.max(server.rssActivePeakBytes ?? 0, rss);
          }
        }, 1000);
        await go();
      } else {
        load = event.result;
        const cpu = cpuSeconds(pid);
        const generatorCpu = cpuSeconds(generator.pid);
        const seconds = cpuStart ? (performance.now() - cpuStart.at) / 1000 : 0;
        if (cpuStart?.cpu != null && cpu !== null) server.cpuCores = (cpu - cpuStart.cpu) / seconds;
        if (cpuStart?.generatorCpu != null && generatorCpu !== null) {
          generatorCpuCores = (generatorCpu - cpuStart.generatorCpu) / seconds;
        }
        clearInterval(sampler);
      }
    }
  }
  clearInterval(sampler);
  await stdin.close().catch(() => {});
  const { code } = await generator.status;
  if (!load) throw new Error(`Load generator against "${plan.url}" failed: exit code ${code}`);
  if (server.rssBaseBytes !== null && server.rssIdleBytes !== null) {
    server.rssPerConnectionBytes = (server.rssIdleBytes - server.rssBaseBytes) / plan.connections;
  }
  return { load, server, generatorCpuCores };
}
