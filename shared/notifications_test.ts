import assert from "node:assert/strict";
import { badgeOf, notifies } from "./notifications.ts";

Deno.test("badgeOf() shows mentions first, then unread, and nothing in a muted room", () => {
  const badge = (
    notification_level: "all" | "mentions" | "none",
    unread: number,
    mentions: number,
  ) => badgeOf({ notification_level, unread_count: unread, mention_count: mentions });
  assert.deepEqual(badge("all", 7, 2), { count: 2, mention: true });
  assert.deepEqual(badge("mentions", 7, 2), { count: 2, mention: true });
  assert.deepEqual(badge("mentions", 7, 0), { count: 7, mention: false });
  assert.equal(badge("none", 7, 2), null);
  assert.equal(badge("all", 0, 0), null);
});

Deno.test("notifies() follows the level", () => {
  assert.deepEqual(
    (["all", "mentions", "none"] as const).map((l) => [notifies(l, true), notifies(l, false)]),
    [[true, true], [true, false], [false, false]],
  );
});
