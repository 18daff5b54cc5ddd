/**
 * `deno task mutate`: mutation testing of the files that carry the delivery guarantees, with
 * StrykerJS and its command test runner. Stryker changes one thing at a time in a file (a
 * condition negated, a `+ 1` dropped, a call removed) and runs the file's tests on each such
 * mutant; a mutant the tests do not fail on "survived". The score is the share killed.
 *
 * Each group below pairs source files with the unit tests that claim their behaviour, and gets a
 * Stryker run of its own, so a mutant costs one run of the few tests that matter, not the suite.
 * Stryker is a Node tool: it lives in `scripts/mutate/package.json`, out of the product's
 * dependencies, and is installed with `npm ci` on first use.
 *
 * Usage: `deno task mutate [--group NAME | --ci] [--threshold PERCENT] [--concurrency N]`;
 * prints each group's score, the total and every surviving mutant, writes
 * `results/mutation/<group>.json` (Stryker's report), and exits 1 when any group's score is under
 * the threshold (default 80). `--concurrency`: mutants tested at once, default 1 (a shared
 * machine); CI, which has the machine to itself, uses 2.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Source files mutated together, and the tests run on each mutant. */
export interface MutationGroup {
  name: string;
  /** Files to mutate, relative to the repository root. */
  mutate: string[];
  /** Test files, relative to the repository root. */
  tests: string[];
  /** Fast enough for CI (`--ci` runs these groups only): unit tests, a few minutes at most. */
  ci?: boolean;
}

/** The delivery core: what to mutate and which tests answer for it. */
export const GROUPS: MutationGroup[] = [
  {
    name: "group-commit",
    mutate: ["server/store/group_commit.ts"],
    tests: ["server/store/group_commit_test.ts"],
    ci: true,
  },
  {
    name: "outbox",
    mutate: ["tui/client/outbox.ts", "tui/client/outbox_file.ts"],
    tests: [
      "tui/client/outbox_test.ts",
      "tui/client/outbox_retry_test.ts",
      "tui/client/outbox_file_test.ts",
    ],
    ci: true,
  },
  {
    name: "room-feed",
    mutate: ["server/ws/room_feed.ts"],
    tests: ["server/ws/room_feed_test.ts"],
    ci: true,
  },
  {
    name: "connection",
    mutate: ["server/ws/connection.ts"],
    tests: [
      "server/ws/connection_test.ts",
      "server/ws/connection_frames_test.ts",
    ],
    ci: true,
  },
];

/** One mutant as Stryker's JSON report (mutation-testing-report-schema) has it. */
export interface ReportedMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}

/** Stryker's JSON report: per file, its mutants. */
export interface MutationReport {
  files: Record<string, { mutants: ReportedMutant[] }>;
}

/** Killed, survived and the rest of one report; the score as Stryker computes it. */
export interface Tally {
  killed: number;
  survived: number;
  /** Mutants no test reached (a test run that covers nothing of it). */
  noCoverage: number;
  /** Killed by a timeout or a runtime error: detected, so they count as killed. */
  detected: number;
  /** Mutants Stryker could not run (compile errors, ignored): outside the score. */
  invalid: number;
  /** `(killed + detected) / (killed + detected + survived + noCoverage)`, in percent. */
  score: number;
  survivors: string[];
}

/**
 * Counts a report's mutants by outcome.
 *
 * @param report Stryker's JSON report
 * @returns the tally, with survivors as `file:line:column mutator → replacement`
 */
export function tally(report: MutationReport): Tally {
  const t: Tally = {
    killed: 0,
    survived: 0,
    noCoverage: 0,
    detected: 0,
    invalid: 0,
    score: 0,
    survivors: [],
  };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (m.status === "Killed") t.killed++;
      else if (m.status === "Timeout" || m.status === "RuntimeError") {
        t.detected++;
      } else if (m.status === "Survived" || m.status === "NoCoverage") {
        if (m.status === "Survived") t.survived++;
        else t.noCoverage++;
        const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
        t.survivors.push(
          `${where} ${m.mutatorName} → ${(m.replacement ?? "").slice(0, 80)}`,
        );
      } else t.invalid++;
    }
  }
  const valid = t.killed + t.detected + t.survived + t.noCoverage;
  t.score = valid === 0 ? 0 : 100 * (t.killed + t.detected) / valid;
  return t;
}

/** The Stryker configuration of one group. */
export function strykerConfig(
  group: MutationGroup,
  reportFile: string,
  concurrency = 1,
): Record<string, unknown> {
  return {
    $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    testRunner: "command",
    commandRunner: {
      // No type check per mutant: a mutant that breaks types but runs is what the tests judge.
      command: [
        Deno.execPath(),
        "test --no-check --allow-all",
        ...group.tests,
      ].join(" "),
    },
    mutate: group.mutate,
    // The sandbox gets what the tests load; node_modules is linked, not copied.
    ignorePatterns: [
      "/*",
      "!/server",
      "!/shared",
      "!/tui",
      "!/migrations",
      "!/deno.json",
      "!/deno.lock",
    ],
    coverageAnalysis: "off",
    // Each mutant is a `deno test` process of its own, selected by Stryker's environment variable
    // in one shared sandbox: runs at once do not disturb each other.
    concurrency,
    // Added to a mutant's expected time (its tests take 1 to 3 s): a mutant that loops forever costs
    // this much, not half a minute.
    timeoutMS: 10_000,
    reporters: ["json", "clear-text"],
    jsonReporter: { fileName: reportFile },
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      group: { type: "string" },
      ci: { type: "boolean", default: false },
      threshold: { type: "string", default: "80" },
      concurrency: { type: "string", default: "1" },
    },
  });
  const root = new URL("../../", import.meta.url);
  const here = new URL("./", import.meta.url);
  const stryker = new URL("node_modules/.bin/stryker", here);
  const installed = await Deno.stat(stryker).then(() => true, () => false);
  if (!installed) {
    const npm = await new Deno.Command("npm", {
      args: ["ci", "--no-audit", "--no-fund", "--silent"],
      cwd: here,
    }).spawn().status;
    if (!npm.success) throw new Error("npm ci in scripts/mutate failed");
  }
  const groups = GROUPS.filter((g) =>
    values.group ? g.name === values.group : values.ci ? g.ci : true
  );
  if (groups.length === 0) {
    throw new Error(`No mutation group "${values.group}"`);
  }
  await Deno.mkdir(new URL("results/mutation/", root), { recursive: true });
  const tallies: Tally[] = [];
  for (const group of groups) {
    const reportFile = `results/mutation/${group.name}.json`;
    const configFile = await Deno.makeTempFile({
      prefix: "stryker-",
      suffix: ".json",
    });
    await Deno.writeTextFile(
      configFile,
      JSON.stringify(
        strykerConfig(group, reportFile, Number(values.concurrency)),
      ),
    );
    console.log(
      `mutate: ${group.name}: ${
        group.mutate.join(", ")
      } against ${group.tests.length} test file(s)`,
    );
    const started = Date.now();
    const run = await new Deno.Command(stryker.pathname, {
      args: ["run", configFile],
      cwd: root,
      env: { NO_COLOR: "1" },
    }).spawn().status;
    await Deno.remove(configFile);
    if (!run.success) {
      throw new Error(`Stryker failed on group "${group.name}"`);
    }
    const t = tally(
      JSON.parse(await Deno.readTextFile(new URL(reportFile, root))),
    );
    tallies.push(t);
    console.log(
      `mutate: ${group.name}: score ${t.score.toFixed(1)} % (${t.killed} killed, ${t.detected} ` +
        `timed out or crashed, ${t.survived} survived, ${t.noCoverage} not covered, ${t.invalid} ` +
        `invalid) in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }
  const sum = (key: "killed" | "detected" | "survived" | "noCoverage") =>
    tallies.reduce((n, t) => n + t[key], 0);
  const caught = sum("killed") + sum("detected");
  const total = caught + sum("survived") + sum("noCoverage");
  const score = total === 0 ? 0 : 100 * caught / total;
  console.log(
    `mutate: total score ${score.toFixed(1)} % (${caught} of ${total} mutants caught)`,
  );
  for (const s of tallies.flatMap((t) => t.survivors)) {
    console.log(`mutate: survived: ${s}`);
  }
  const under = groups.filter((_, i) => tallies[i]!.score < Number(values.threshold));
  if (under.length > 0) {
    console.log(
      `mutate: below the threshold of ${values.threshold} %: ${
        under.map((g) => g.name).join(", ")
      }`,
    );
    Deno.exit(1);
  }
}
