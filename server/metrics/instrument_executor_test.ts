import assert from "node:assert/strict";
import { createPgliteExecutor } from "../db/pglite_executor.ts";
import { instrumentExecutor } from "./instrument_executor.ts";
import { createMetrics, type Metrics } from "./metrics.ts";

async function timedCount(metrics: Metrics, operation: string): Promise<number> {
  const { values } = await metrics.dbQueryDuration.get();
  return values.find((v) => v.metricName?.endsWith("_count") && v.labels.operation === operation)
    ?.value ?? 0;
}

Deno.test("instrumentExecutor() times statements by kind, in transactions and on failure", async () => {
  const metrics = createMetrics();
  const db = instrumentExecutor(await createPgliteExecutor(), metrics);
  try {
    await db.exec("create table t (n int)");
    await db.transaction(async (tx) => {
      await tx.query("insert into t (n) values ($1)", [1]);
      await tx.query("  SELECT n from t");
    });
    assert.deepEqual(await db.query("select n from t"), [{ n: 1 }]);
    await assert.rejects(db.query("select * from missing"));
    await assert.rejects(db.query("vacuum nothing"));

    assert.equal(await timedCount(metrics, "script"), 1);
    assert.equal(await timedCount(metrics, "insert"), 1);
    assert.equal(await timedCount(metrics, "select"), 3);
    assert.equal(await timedCount(metrics, "other"), 1);
  } finally {
    await db.close();
  }
});
