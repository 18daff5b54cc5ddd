import assert from "node:assert/strict";
import { ClientFrame, MAX_FRAME_BYTES } from "../../shared/mod.ts";
import { createFrameFuzzer } from "./frame_fuzzer.ts";

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
