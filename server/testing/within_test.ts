import assert from "node:assert/strict";
import { outputWithin, until, WaitTimeout, within } from "./within.ts";

Deno.test("within() resolves with the promise's value when it settles in time", async () => {
  assert.equal(await within(Promise.resolve(7), 1_000, "seven"), 7);
});

Deno.test("within() rejects with what it waited for when the bound passes first", async () => {
  const never = new Promise<never>(() => {});
  await assert.rejects(
    within(never, 10, "the socket to close"),
    (err) =>
      err instanceof WaitTimeout &&
      err.message === "Timed out after 10 ms waiting for the socket to close",
  );
});

Deno.test("within() describes the wait as it is at the timeout when given a function", async () => {
  let output = "nothing yet";
  const never = new Promise<never>(() => {});
  const waiting = within(never, 20, () => `the exit; output: ${output}`);
  output = "panic";
  await assert.rejects(waiting, /waiting for the exit; output: panic$/);
});

Deno.test("within() passes the promise's own rejection on", async () => {
  await assert.rejects(within(Promise.reject(new Error("refused")), 1_000, "x"), /refused/);
});

Deno.test("until() resolves once the condition holds and names the state when it never does", async () => {
  let checks = 0;
  await until(() => ++checks === 3, 1_000, "three checks", 1);
  assert.equal(checks, 3);
  await assert.rejects(
    until(() => false, 10, "a row in the table", 1),
    /Timed out after 10 ms waiting for a row in the table/,
  );
});

Deno.test("outputWithin() returns a quick command's output and kills one that hangs", async () => {
  const quick = new Deno.Command("sh", {
    args: ["-c", "echo hi"],
    stdout: "piped",
    stderr: "piped",
  })
    .spawn();
  const { code, stdout } = await outputWithin(quick, 10_000, "echo to exit");
  assert.deepEqual([code, new TextDecoder().decode(stdout)], [0, "hi\n"]);
  const hung = new Deno.Command("sleep", { args: ["60"], stdout: "piped", stderr: "piped" })
    .spawn();
  await assert.rejects(outputWithin(hung, 50, "sleep 60 to exit"), /waiting for sleep 60 to exit/);
  assert.equal((await hung.status).signal, "SIGKILL");
});
