/**
 * Where the chat server spent its time, from its own `GET /metrics`: the mean of every histogram
 * series (database statements by kind, delivery latency, append batch size), read once after the
 * load. It points a profile at the slow part without instrumenting anything new.
 *
 * @module
 */

/** Mean and count of one histogram series; `_seconds` series are given in ms. */
export interface SeriesMean {
  count: number;
  mean: number;
  /** `ms` for durations, empty for counts (e.g. messages per append batch). */
  unit: "ms" | "";
}

/**
 * Reads `<url>/metrics` and averages each histogram series.
 *
 * @param url the server's base URL
 * @returns the means keyed by series (`name{labels}`), or null when the scrape fails
 *
 * @example
 * ```ts ignore
 * import { scrapeMeans } from "./_server_metrics.ts";
 *
 * const means = await scrapeMeans("http://127.0.0.1:8080");
 * console.log(means?.['chat_db_query_duration_seconds{operation="insert"}']);
 * ```
 */
export async function scrapeMeans(url: string): Promise<Record<string, SeriesMean> | null> {
  const text = await fetch(`${url}/metrics`).then((r) => r.ok ? r.text() : null, () => null);
  if (text === null) return null;
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = line.match(/^(\w+)_(sum|count)(\{[^}]*\})? ([\d.e+-]+)$/);
    if (!m) continue;
    const key = `${m[1]}${m[3] ?? ""}`;
    (m[2] === "sum" ? sums : counts).set(key, Number(m[4]));
  }
  const means: Record<string, SeriesMean> = {};
  for (const [key, count] of counts) {
    if (count > 0 && sums.has(key)) {
      const seconds = key.split("{")[0]!.endsWith("_seconds");
      const mean = sums.get(key)! / count * (seconds ? 1000 : 1);
      means[key] = { count, mean: Math.round(mean * 10) / 10, unit: seconds ? "ms" : "" };
    }
  }
  return means;
}
