import assert from "node:assert/strict";
import { backoffDelay } from "./backoff.ts";

const almostOne = () => 0.999_999;

Deno.test("backoffDelay() doubles the window from 0.5 s per attempt", () => {
  assert.equal(backoffDelay(1, { random: almostOne }), 499);
  assert.equal(backoffDelay(2, { random: almostOne }), 999);
  assert.equal(backoffDelay(3, { random: almostOne }), 1999);
  assert.equal(backoffDelay(6, { random: almostOne }), 15_999);
});

Deno.test("backoffDelay() never exceeds 30 s, however many attempts", () => {
  for (const attempt of [7, 8, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
    assert.equal(backoffDelay(attempt, { random: almostOne }), 29_999);
  }
});

Deno.test("backoffDelay() uses full jitter: the whole window down to 0", () => {
  assert.equal(backoffDelay(5, { random: () => 0 }), 0);
  assert.equal(backoffDelay(5, { random: () => 0.5 }), 4_000);
});

Deno.test("backoffDelay() treats attempts below 1 as the first", () => {
  assert.equal(backoffDelay(0, { random: almostOne }), 499);
  assert.equal(backoffDelay(-3, { random: almostOne }), 499);
});

Deno.test("backoffDelay() with Math.random stays within the window", () => {
  for (let attempt = 1; attempt <= 12; attempt++) {
    const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(attempt);
      assert.ok(delay >= 0 && delay < ceiling, `attempt ${attempt}: ${delay}`);
    }
  }
});

Deno.test("backoffDelay() honours custom bounds", () => {
  assert.equal(backoffDelay(3, { baseMs: 10, maxMs: 25, random: almostOne }), 24);
});
