/**
 * `--sweep`: the chat workload at several message rates, one fresh server each, to find the
 * highest persisted rate the server sustains with delivery p99 under a bound (100 ms in the
 * benchmark issue).
 *
 * @module
 */
import type { RunResult } from "./_run.ts";

/** The figures of one rate. */
export interface SweepPoint {
  /** Offered total msg/s. */
  rate: number;
  ackedPerS: number;
  deliveredPerS: number;
  /** Delivery latency (ms); null when nothing was delivered. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  unacked: number;
  lost: number;
  duplicated: number;
  /** CPU cores used by the server and by the load generator over the load. */
  serverCpu: number | null;
  generatorCpu: number | null;
}

/** Acknowledged at least this share of the offered rate: the server kept up. */
const KEPT_UP = 0.97;

/** The sweep figures of a run at `rate`. */
export function sweepPoint(
  rate: number,
  { load, server, generatorCpuCores }: RunResult,
): SweepPoint {
  return {
    rate,
    ackedPerS: load.ackedPerS,
    deliveredPerS: load.deliveredPerS,
    p50: load.delivery.p50,
    p95: load.delivery.p95,
    p99: load.delivery.p99,
    unacked: load.unacked,
    lost: load.lost,
    duplicated: load.duplicated,
    serverCpu: server.cpuCores,
    generatorCpu: generatorCpuCores,
  };
}

/**
 * The highest rate that was sustained: acknowledged at ≥ 97 % of the offered rate, nothing left
 * unacknowledged, lost or duplicated, and delivery p99 under `p99LimitMs`.
 *
 * @returns that rate in msg/s, or null when no rate qualified
 *
 * @example
 * ```ts
 * import { highestSustained } from "./_sweep.ts";
 *
 * const base = {
 *   unacked: 0,
 *   lost: 0,
 *   duplicated: 0,
 *   deliveredPerS: 0,
 *   p50: 5,
 *   p95: 20,
 *   serverCpu: null,
 *   generatorCpu: null,
 * };
 * const points = [
 *   { ...base, rate: 500, ackedPerS: 500, p99: 40 },
 *   { ...base, rate: 1000, ackedPerS: 999, p99: 90 },
 *   { ...base, rate: 2000, ackedPerS: 1400, p99: 4000 },
 * ];
 * console.log(highestSustained(points, 100)); // 1000
 * ```
 */
export function highestSustained(points: readonly SweepPoint[], p99LimitMs: number): number | null {
  const sustained = points.filter((p) =>
    p.ackedPerS >= p.rate * KEPT_UP && p.unacked === 0 && p.lost === 0 && p.duplicated === 0 &&
    p.p99 !== null && p.p99 < p99LimitMs
  );
  return sustained.length > 0 ? Math.max(...sustained.map((p) => p.rate)) : null;
}

/** Renders the points as an aligned table, one rate a line. */
export function renderSweep(points: readonly SweepPoint[]): string {
  const table = [
    [
      "offered msg/s",
      "acked msg/s",
      "delivered msg/s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "lost/dup",
      "server CPU",
      "generator CPU",
    ],
    ...points.map((p) => [
      String(p.rate),
      p.ackedPerS.toFixed(1),
      p.deliveredPerS.toFixed(1),
      p.p50?.toFixed(1) ?? "-",
      p.p95?.toFixed(1) ?? "-",
      p.p99?.toFixed(1) ?? "-",
      `${p.lost}/${p.duplicated}`,
      p.serverCpu?.toFixed(2) ?? "-",
      p.generatorCpu?.toFixed(2) ?? "-",
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return table.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join("  ")).join("\n");
}
