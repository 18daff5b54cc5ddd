import assert from "node:assert/strict";
import { createLogger } from "../logger.ts";
import type { BusEvent } from "./bus.ts";
import { localChannels } from "./local_channels.ts";

const EVENT: BusEvent = { kind: "session_revoked", user_id: "u1", session_id: "s1" };

/** Local channels whose log lines and failures are kept. */
function channels() {
  const lines: Record<string, unknown>[] = [];
  const failures: string[] = [];
  const logger = createLogger("info", {}, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const local = localChannels({ prefix: "chat:", logger, onFailure: (op) => failures.push(op) });
  const received: [string, BusEvent][] = [];
  for (const channel of ["room:1", "room:2"]) {
    local.handlers.set(channel, new Set([(e) => received.push([channel, e])]));
  }
  return { local, lines, failures, received };
}

Deno.test("localChannels() delivers what Redis sends to the handlers of the unprefixed channel", () => {
  const { local, lines, received } = channels();
  local.deliver(JSON.stringify(EVENT), "chat:room:2");
  assert.deepEqual(received, [["room:2", EVENT]]);
  local.deliver("{ not json", "chat:room:1");
  local.deliver(JSON.stringify({ kind: "unknown" }), "chat:room:1");
  assert.equal(received.length, 1, "what does not decode reaches no handler");
  assert.deepEqual(lines.map((l) => [l.level, l.msg, l.channel]), [
    ["error", "unparseable bus event dropped", "chat:room:1"],
    ["error", "unparseable bus event dropped", "chat:room:1"],
  ]);
});

Deno.test("localChannels().publish() sends, and delivers locally, counted and logged, when sending fails", async () => {
  const { local, lines, failures, received } = channels();
  let sent = 0;
  await local.publish("room:1", EVENT, () => Promise.resolve(sent++));
  assert.deepEqual([sent, received.length, failures.length], [1, 0, 0], "Redis carries it");
  await local.publish("room:1", EVENT, () => Promise.reject(new Error("connection refused")));
  assert.deepEqual(received, [["room:1", EVENT]]);
  assert.deepEqual(failures, ["publish"]);
  assert.deepEqual(lines.map((l) => [l.level, l.msg, l.channel, l.err]), [
    ["warn", "bus publish failed: delivering locally", "room:1", "Error: connection refused"],
  ]);
});
