import FakeTimers from "@sinonjs/fake-timers";
import assert from "node:assert/strict";
import { Heartbeat } from "./_heartbeat.ts";

const PING_MS = 100;
const IDLE_MS = 400;

/** The fake clock a test moves with `tick(ms)`. */
type FakeClock = ReturnType<ReturnType<typeof FakeTimers.withGlobal>["install"]>;

/**
 * Runs `fn` with a heartbeat on a fake clock (`setTimeout` and `Date` are the fake's until `fn`
 * returns), its calls recorded with the fake time they happened at.
 */
function onFakeClock(
  fn: (t: { clock: FakeClock; heartbeat: Heartbeat; calls: string[] }) => void,
): void {
  const clock = FakeTimers.withGlobal(globalThis).install({
    toFake: ["setTimeout", "clearTimeout", "Date"],
  });
  try {
    const calls: string[] = [];
    const heartbeat = new Heartbeat({
      pingIntervalMs: PING_MS,
      idleTimeoutMs: IDLE_MS,
      ping: () => calls.push(`ping at ${clock.now}`),
      dead: () => calls.push(`dead at ${clock.now}`),
    });
    fn({ clock, heartbeat, calls });
  } finally {
    clock.uninstall();
  }
}

Deno.test("Heartbeat pings every interval while silent, then declares the connection dead once", () =>
  onFakeClock(({ clock, heartbeat, calls }) => {
    heartbeat.start();
    clock.tick(PING_MS - 1);
    assert.deepEqual(calls, [], "nothing before the first interval");
    clock.tick(IDLE_MS - PING_MS + 1);
    assert.deepEqual(calls, ["ping at 100", "ping at 200", "ping at 300", "dead at 400"]);
    clock.tick(10 * IDLE_MS);
    assert.equal(calls.length, 4, "nothing after dead");
  }));

Deno.test("Heartbeat neither pings nor gives up while frames keep arriving", () =>
  onFakeClock(({ clock, heartbeat, calls }) => {
    heartbeat.start();
    for (let i = 0; i < 20; i++) {
      clock.tick(PING_MS - 1);
      heartbeat.received();
    }
    assert.deepEqual(calls, []);
    const lastFrameAt = clock.now;
    clock.tick(PING_MS);
    assert.deepEqual(
      calls,
      [`ping at ${lastFrameAt + PING_MS}`],
      "silence counts from the last frame",
    );
    heartbeat.stop();
  }));

Deno.test("Heartbeat.stop() cancels everything, and start() counts silence afresh", () =>
  onFakeClock(({ clock, heartbeat, calls }) => {
    heartbeat.start();
    clock.tick(PING_MS);
    heartbeat.stop();
    clock.tick(10 * IDLE_MS);
    assert.deepEqual(calls, ["ping at 100"]);
    const restartedAt = clock.now;
    heartbeat.start();
    clock.tick(IDLE_MS);
    assert.equal(calls.at(-1), `dead at ${restartedAt + IDLE_MS}`);
  }));
