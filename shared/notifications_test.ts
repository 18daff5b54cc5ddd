import assert from "node:assert/strict";
import { badgeOf, notifies } from "./notifications.ts";

Deno.test("badgeOf() shows unread with all, mentions with mentions, nothing with none", () => {
  const counts = { unread_count: 7, mention_count: 2 };
  assert.deepEqual(badgeOf({ notification_level: "all", ...counts }), { count: 7, mention: true });
  assert.deepEqual(badgeOf({ notification_level: "mentions", ...counts }), {
    count: 2,
    mention: true,
  });
  assert.equal(badgeOf({ notification_level: "none", ...counts }), null);
  assert.equal(
    badgeOf({ notification_level: "mentions", unread_count: 7, mention_count: 0 }),
    null,
  );
  assert.deepEqual(badgeOf({ notification_level: "all", unread_count: 3, mention_count: 0 }), {
    count: 3,
    mention: false,
  });
});

Deno.test("notifies() follows the level", () => {
  assert.deepEqual(
    (["all", "mentions", "none"] as const).map((l) => [notifies(l, true), notifies(l, false)]),
    [[true, true], [true, false], [false, false]],
  );
});
