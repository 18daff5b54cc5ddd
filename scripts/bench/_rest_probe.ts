/**
 * REST latency under load: while messages flow, three loops call login, the room list and a
 * 50-message history page, each at a fixed pace, one call in flight per loop.
 *
 * @module
 */
import type { RestResult } from "./_protocol.ts";
import { BENCH_PASSWORD } from "./_population.ts";
import { call } from "./_rest.ts";
import { summarise } from "./_stats.ts";

/** Calls per second of each loop; login is slower because every one costs a bcrypt hash. */
const PACE = { login: 2, roomList: 5, history: 5 } as const;

/** A running probe; `stop()` ends the loops and returns what they measured. */
export interface RestProbe {
  stop(): Promise<RestResult>;
}

/**
 * Starts the probe loops as `username` (holding `token`) in `roomId`.
 *
 * @returns the running probe
 */
export function startRestProbe(
  baseUrl: string,
  username: string,
  token: string,
  roomId: string,
): RestProbe {
  let running = true;
  let failures = 0;
  const samples = { login: [] as number[], roomList: [] as number[], history: [] as number[] };
  const loop = async (kind: keyof typeof PACE, fn: () => ReturnType<typeof call>) => {
    const gapMs = 1000 / PACE[kind];
    while (running) {
      const started = performance.now();
      const res = await fn().catch(() => null);
      if (res && res.status === 200) samples[kind].push(res.ms);
      else failures++;
      const wait = gapMs - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
  const loops = Promise.all([
    loop(
      "login",
      () => call(baseUrl, "POST", "/auth/login", { username, password: BENCH_PASSWORD }),
    ),
    loop("roomList", () => call(baseUrl, "GET", "/rooms", undefined, token)),
    loop(
      "history",
      () => call(baseUrl, "GET", `/rooms/${roomId}/messages?limit=50`, undefined, token),
    ),
  ]);
  return {
    async stop() {
      running = false;
      await loops;
      return {
        login: summarise(samples.login),
        roomList: summarise(samples.roomList),
        history: summarise(samples.history),
        failures,
      };
    },
  };
}
