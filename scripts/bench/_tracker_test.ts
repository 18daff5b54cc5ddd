import assert from "node:assert/strict";
import { DeliveryTracker } from "./_tracker.ts";

const ROOM = "room";

Deno.test("DeliveryTracker counts duplicates, late arrivals and acked seqs never received", () => {
  const tracker = new DeliveryTracker();
  for (const id of ["a", "b", "c", "d"]) tracker.sending(id, 2);
  ["a", "b", "c", "d"].forEach((id, i) => tracker.ack(ROOM, id, i + 1));
  // Connection 0 gets 1, 3, 2 (late), 3 again; connection 1 gets only 1 and 2.
  tracker.delivered(0, ROOM, 1, "a");
  tracker.delivered(0, ROOM, 3, "c");
  tracker.delivered(0, ROOM, 2, "b");
  tracker.delivered(0, ROOM, 3, "c");
  tracker.delivered(1, ROOM, 1, "a");
  tracker.delivered(1, ROOM, 2, "b");
  assert.equal(tracker.outOfOrder, 1);
  assert.equal(tracker.duplicated, 1);
  // Connection 0 misses 4; connection 1 misses 3 and 4.
  assert.equal(tracker.lost(new Map([[0, [ROOM]], [1, [ROOM]]])), 3);
  assert.deepEqual(tracker.outstanding(), { acks: 0, deliveries: 3 });
});

Deno.test("DeliveryTracker stops waiting for a send answered with an error", () => {
  const tracker = new DeliveryTracker();
  tracker.sending("a", 3);
  tracker.error("a");
  assert.deepEqual(tracker.outstanding(), { acks: 0, deliveries: 0 });
});
