/**
 * The benchmark's output: a plain-text table of the chat server's figures beside the bare
 * ceiling's, with their ratio, and the JSON document written under `results/`.
 *
 * @module
 */
import type { BenchOptions } from "./_options.ts";
import type { RunResult } from "./_run.ts";
import type { SeriesMean } from "./_server_metrics.ts";
import type { Summary } from "./_stats.ts";

/** Everything one invocation measured. */
export interface BenchReport {
  date: string;
  machine: { cpus: number; os: string; deno: string; loadBefore: string; loadAfter: string };
  options: BenchOptions;
  chat: RunResult;
  bare: RunResult | null;
  /** Histogram means from the chat server's `/metrics` after the load; null if unreadable. */
  serverMeans: Record<string, SeriesMean> | null;
  /** Lost + duplicated of the chat run: the only thing that fails the benchmark. */
  failed: boolean;
}

type Row = [
  string,
  number | null | undefined,
  number | null | undefined,
  "ms" | "rate" | "mib" | "n" | "kib",
];

const fmt = (value: number | null | undefined, unit: Row[3]) => {
  if (value === null || value === undefined) return "-";
  if (unit === "mib") return (value / 2 ** 20).toFixed(1);
  if (unit === "kib") return (value / 1024).toFixed(1);
  if (unit === "n") return String(value);
  return value.toFixed(1);
};

const percentiles = (name: string, chat: Summary, bare: Summary | undefined): Row[] =>
  (["p50", "p95", "p99", "max"] as const).map((
    p,
  ) => [`${name} ${p} (ms)`, chat[p], bare?.[p], "ms"]);

/**
 * Renders `report` as an aligned table; the ratio column is chat ÷ bare.
 *
 * @returns the table, one row a line
 */
export function renderTable(report: BenchReport): string {
  const c = report.chat;
  const b = report.bare;
  const rest = c.load.rest;
  const rows: Row[] = [
    ["connect rate (conn/s)", c.load.connectRate, b?.load.connectRate, "rate"],
    ["sent (msg/s)", c.load.sentPerS, b?.load.sentPerS, "rate"],
    ["acked (msg/s)", c.load.ackedPerS, b?.load.ackedPerS, "rate"],
    ["delivered (msg/s)", c.load.deliveredPerS, b?.load.deliveredPerS, "rate"],
    ...percentiles("delivery", c.load.delivery, b?.load.delivery),
    ...percentiles("ack", c.load.ack, b?.load.ack),
    ["REST login p50 (ms)", rest?.login.p50, null, "ms"],
    ["REST login p95 (ms)", rest?.login.p95, null, "ms"],
    ["REST login p99 (ms)", rest?.login.p99, null, "ms"],
    ["REST room list p50 (ms)", rest?.roomList.p50, null, "ms"],
    ["REST room list p95 (ms)", rest?.roomList.p95, null, "ms"],
    ["REST room list p99 (ms)", rest?.roomList.p99, null, "ms"],
    ["REST history p50 (ms)", rest?.history.p50, null, "ms"],
    ["REST history p95 (ms)", rest?.history.p95, null, "ms"],
    ["REST history p99 (ms)", rest?.history.p99, null, "ms"],
    ["REST failures", rest?.failures, null, "n"],
    ["server RSS before sockets (MiB)", c.server.rssBaseBytes, b?.server.rssBaseBytes, "mib"],
    ["server RSS idle (MiB)", c.server.rssIdleBytes, b?.server.rssIdleBytes, "mib"],
    [
      "server RSS active peak (MiB)",
      c.server.rssActivePeakBytes,
      b?.server.rssActivePeakBytes,
      "mib",
    ],
    [
      "RSS per connection (KiB)",
      c.server.rssPerConnectionBytes,
      b?.server.rssPerConnectionBytes,
      "kib",
    ],
    ["server CPU under load (cores)", c.server.cpuCores, b?.server.cpuCores, "rate"],
    ["generator CPU under load (cores)", c.generatorCpuCores, b?.generatorCpuCores, "rate"],
    ["sent (total)", c.load.sent, b?.load.sent, "n"],
    ["acked (total)", c.load.acked, b?.load.acked, "n"],
    ["send errors", c.load.errors, b?.load.errors, "n"],
    ["unacked after drain", c.load.unacked, b?.load.unacked, "n"],
    ["lost", c.load.lost, b?.load.lost, "n"],
    ["duplicated", c.load.duplicated, b?.load.duplicated, "n"],
    ["out of order", c.load.outOfOrder, b?.load.outOfOrder, "n"],
    ["sockets closed during run", c.load.closed, b?.load.closed, "n"],
  ];
  const table = [
    ["figure", "chat", "bare", "chat/bare"],
    ...rows.map(([name, chat, bare, unit]) => {
      const ratio =
        typeof chat === "number" && typeof bare === "number" && bare !== 0 && unit !== "n"
          ? (chat / bare).toFixed(2)
          : "-";
      return [name, fmt(chat, unit), fmt(bare, unit), ratio];
    }),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return table.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")
  ).join("\n");
}
