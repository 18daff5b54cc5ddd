/**
 * Reads the Prometheus text exposition format (what `GET /metrics` serves) back into samples, so
 * tests can assert on metric values the way a scraper sees them.
 *
 * @module
 */

/** One sample line: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const ESCAPES: Record<string, string> = { "\\\\": "\\", '\\"': '"', "\\n": "\n" };

/**
 * Parses exposition text; comment (`# HELP`, `# TYPE`) and blank lines are skipped.
 *
 * @param text the body of a `GET /metrics` answer
 * @returns every sample, in order
 * @throws when a line is neither a comment nor a sample
 *
 * @example Reading a counter
 * ```ts
 * import { parsePrometheusText } from "./prometheus_text.ts";
 *
 * const samples = parsePrometheusText('chat_http_requests_total{status="200"} 3\n');
 * console.log(samples[0]?.value); // 3
 * ```
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: "${line}"`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? "").matchAll(LABEL_PAIR)) {
      labels[key!] = raw!.replace(/\\[\\"n]/g, (escape) => ESCAPES[escape]!);
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * The sum of the samples named `name` whose labels include `labels`; 0 when none match (a
 * labelled counter appears only once it has counted).
 *
 * @example Summing over a label
 * ```ts
 * import { parsePrometheusText, sumOf } from "./prometheus_text.ts";
 *
 * const samples = parsePrometheusText('x_total{a="1",b="2"} 3\nx_total{a="1",b="3"} 4\n');
 * console.log(sumOf(samples, "x_total", { a: "1" })); // 7
 * ```
 */
export function sumOf(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) {
      sum += sample.value;
    }
  }
  return sum;
}
