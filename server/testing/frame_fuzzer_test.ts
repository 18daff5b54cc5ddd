import assert from "node:assert/strict";
import { ClientFrame, MAX_FRAME_BYTES } from "../../shared/mod.ts";
import { createFrameFuzzer, fuzzSeed, replayCommand } from "./frame_fuzzer.ts";

Deno.test("createFrameFuzzer() makes only frames an authenticated member must refuse", () => {
  const roomId = crypto.randomUUID();
  for (let seed = 0; seed < 20; seed++) {
    const next = createFrameFuzzer(seed, roomId);
    for (let i = 0; i < 2_000; i++) {
      const frame = next();
      if (typeof frame !== "string" || frame.length > MAX_FRAME_BYTES) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(frame);
      } catch {
        continue;
      }
      const parsed = ClientFrame.safeParse(raw);
      if (!parsed.success || parsed.data.type === "hello") continue;
      // Schema-valid frames are acceptable only as frames for a room the user is not in.
      assert.notEqual(
        "room_id" in parsed.data && parsed.data.room_id,
        roomId,
        `seed ${seed} frame ${i} would be accepted: ${frame.slice(0, 200)}`,
      );
      assert.notEqual(parsed.data.type, "ping", `seed ${seed} frame ${i} is a valid ping`);
    }
  }
});

Deno.test("createFrameFuzzer() repeats itself for a seed", () => {
  const roomId = crypto.randomUUID();
  const [a, b] = [createFrameFuzzer(7, roomId), createFrameFuzzer(7, roomId)];
  for (let i = 0; i < 1_000; i++) assert.deepEqual(a(), b());
});

Deno.test("fuzzSeed() takes FUZZ_SEED when set and refuses what is not a seed", () => {
  assert.equal(fuzzSeed("12345"), 12345);
  const random = fuzzSeed(undefined);
  assert.ok(Number.isInteger(random) && random >= 0 && random < 2 ** 31);
  for (const bad of ["abc", "1.5", "-1", String(2 ** 31)]) {
    assert.throws(() => fuzzSeed(bad), /FUZZ_SEED must be an integer/, bad);
  }
});

Deno.test("replayCommand() names the seed, the test file and the services of this mode", () => {
  const command = replayCommand(42, "server/tests/fuzz_test.ts");
  assert.match(command, /^FUZZ_SEED=42 .*deno task test server\/tests\/fuzz_test\.ts$/);
  assert.equal(command.includes("DATABASE_URL="), Deno.env.get("DATABASE_URL") !== undefined);
});
