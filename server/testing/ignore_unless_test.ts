import assert from "node:assert/strict";
import { ignoreUnless } from "./ignore_unless.ts";

const fn = () => {};

Deno.test("ignoreUnless() leaves a test that can run as it is", () => {
  assert.deepEqual(ignoreUnless(true, "needs Redis", { name: "t", fn }), { name: "t", fn });
});

Deno.test("ignoreUnless() ignores a test that cannot run and puts the reason in its name", () => {
  assert.deepEqual(ignoreUnless(false, "needs Redis", { name: "t", fn }), {
    name: "t [ignored: needs Redis]",
    fn,
    ignore: true,
  });
});
