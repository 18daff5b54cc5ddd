/**
 * A real Prometheus (Debian's `prometheus` package) for tests: scrapes the given targets every
 * second with the repository's alert rules loaded, on a free loopback port, keeping its data in a
 * temporary folder removed by `close`.
 *
 * @module
 */
import { freePort } from "./server_process.ts";

/** Answer of Prometheus's HTTP API (`/api/v1/...`). */
export interface PrometheusAnswer {
  status: "success" | "error";
  // deno-lint-ignore no-explicit-any
  data?: any;
  errorType?: string;
  error?: string;
}

/** A running Prometheus. */
export interface PrometheusServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Evaluates an instant query now (`GET /api/v1/query`); never throws on a PromQL error. */
  query(expr: string): Promise<PrometheusAnswer>;
  /** `GET /api/v1/<path>` */
  api(path: string): Promise<PrometheusAnswer>;
  /** What Prometheus logged so far. */
  output(): string;
  /** Stops Prometheus and removes its data. */
  close(): Promise<void>;
}

/** Options for {@linkcode startPrometheus}. */
export interface StartPrometheusOptions {
  /** `host:port` of each server to scrape at `/metrics` (job `chat-server`). */
  targets: string[];
  /** Absolute paths of rule files to load. */
  ruleFiles?: string[];
}

const READY_TIMEOUT_MS = 30_000;

/**
 * Starts Prometheus and resolves once it answers `/-/ready`.
 *
 * @throws when the `prometheus` binary is missing (install Debian's `prometheus` package, as
 * `.ci/run` does) or it does not become ready within 30 s
 */
export async function startPrometheus(
  { targets, ruleFiles = [] }: StartPrometheusOptions,
): Promise<PrometheusServer> {
  const dir = await Deno.makeTempDir({ prefix: "chat-prometheus-" });
  const config = {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: ruleFiles,
    scrape_configs: [{
      job_name: "chat-server",
      metrics_path: "/metrics",
      static_configs: [{ targets }],
    }],
  };
  // JSON is YAML: no serialiser needed.
  await Deno.writeTextFile(`${dir}/prometheus.yml`, JSON.stringify(config));
  const port = freePort();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("prometheus", {
      args: [
        `--config.file=${dir}/prometheus.yml`,
        `--storage.tsdb.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    await Deno.remove(dir, { recursive: true });
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new Error("prometheus is not installed: apt-get install prometheus (Debian)");
  }
  let text = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text += chunk;
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited = false;
  const status = drained.then(() => child.status).finally(() => exited = true);
  const url = `http://127.0.0.1:${port}`;
  const api = async (path: string): Promise<PrometheusAnswer> => {
    const res = await fetch(`${url}/api/v1/${path}`);
    return await res.json();
  };
  const server: PrometheusServer = {
    url,
    api,
    query: (expr) => api(`query?query=${encodeURIComponent(expr)}`),
    output: () => text,
    async close() {
      if (!exited) child.kill("SIGTERM");
      await status;
      await Deno.remove(dir, { recursive: true });
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/-/ready`);
      await res.body?.cancel();
      if (res.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.close();
  throw new Error(`Prometheus did not become ready; output:\n${text}`);
}
