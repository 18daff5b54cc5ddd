import assert from "node:assert/strict";
import { highestSustained, renderSweep, type SweepPoint } from "./_sweep.ts";

const point = (rate: number, over: Partial<SweepPoint> = {}): SweepPoint => ({
  rate,
  ackedPerS: rate,
  deliveredPerS: rate * 20,
  p50: 5,
  p95: 30,
  p99: 60,
  unacked: 0,
  lost: 0,
  duplicated: 0,
  serverCpu: 0.5,
  generatorCpu: null,
  ...over,
});

Deno.test("highestSustained() takes the highest rate kept up with under the p99 bound", () => {
  assert.equal(highestSustained([point(500), point(1000), point(2000)], 100), 2000);
  assert.equal(highestSustained([point(500), point(1000), point(2000, { p99: 100 })], 100), 1000);
  assert.equal(
    highestSustained([point(500), point(1000, { ackedPerS: 900 })], 100),
    500,
    "acknowledged too little",
  );
  assert.equal(highestSustained([point(500, { unacked: 3 })], 100), null);
  assert.equal(highestSustained([point(500, { lost: 1 })], 100), null);
  assert.equal(highestSustained([point(500, { p99: null })], 100), null);
});

Deno.test("renderSweep() prints one aligned line per rate", () => {
  const lines = renderSweep([point(500), point(1500, { p99: null, duplicated: 2 })]).split("\n");
  assert.equal(lines.length, 3);
  assert.equal(new Set(lines.map((l) => l.length)).size, 1, "aligned");
  assert.match(lines[2]!, /^\s*1500\s+1500\.0\s+30000\.0\s+5\.0\s+30\.0\s+-\s+0\/2\s+0\.50\s+-$/);
});
