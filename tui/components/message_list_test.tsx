import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { Message } from "../../shared/mod.ts";
import { message, room, user } from "../tests/fixtures.ts";
import { newRoomEntry, type RoomEntry } from "../state/chat_state.ts";
import { MessageList } from "./message_list.tsx";

const alice = user("alice");
const bob = user("bob");
const general = room("general");

function entry(overrides: Partial<RoomEntry>): RoomEntry {
  return { ...newRoomEntry(general), history: "loaded", ...overrides };
}

function frameOf(e: RoomEntry, width = 60, height = 10): string[] {
  const { lastFrame, unmount } = render(
    <MessageList entry={e} me={alice} width={width} height={height} />,
  );
  const lines = lastFrame()!.split("\n");
  unmount();
  return lines;
}

Deno.test("MessageList shows time, sender and text, with a day separator before each day", () => {
  const lines = frameOf(entry({
    messages: [
      message(general, 1, bob, "late", { created_at: new Date(2025, 2, 4, 23, 58).toISOString() }),
      message(general, 2, alice, "early", { created_at: new Date(2025, 2, 5, 8, 5).toISOString() }),
    ],
  }));
  const text = lines.map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
  assert.match(text[0]!, /─ Tuesday 4 March 2025 ─/);
  assert.match(text[1]!, /^23:58 +bob │ late$/);
  assert.match(text[2]!, /─ Wednesday 5 March 2025 ─/);
  assert.match(text[3]!, /^08:05 +alice │ early$/);
});

Deno.test("MessageList marks my unacknowledged messages as pending", () => {
  const lines = frameOf(entry({
    messages: [message(general, 1, bob, "hi")],
    pending: [{
      room_id: general.id,
      client_msg_id: "c1",
      kind: "text",
      text: "on its way",
      created_at: new Date(2025, 2, 4, 12, 2).toISOString(),
      error: null,
    }],
  }));
  assert.match(lines.at(-1)!, /alice │ on its way \(sending…\)/);
});

Deno.test("MessageList wraps long text under itself and shows /me actions with a star", () => {
  const lines = frameOf(
    entry({
      messages: [
        message(general, 1, bob, "one two three four five six seven eight nine ten eleven"),
        message(general, 2, bob, "waves", { kind: "action" }),
      ],
    }),
    44,
  ).filter((l) => l.trim() !== "");
  assert.match(lines[1]!, /^\d\d:\d\d +bob │ one two three four five six$/);
  assert.match(lines[2]!, /^ +│ seven eight nine ten eleven$/);
  assert.match(lines.at(-1)!, /\* │ bob waves$/);
});

/** `messages` behind a proxy that counts reads of its elements. */
function counted(messages: Message[]): { messages: Message[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(messages, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { messages: proxy, reads: () => reads };
}

Deno.test("MessageList lays out only the visible rows of 10,000 messages", () => {
  const all = Array.from(
    { length: 10_000 },
    (_, i) => message(general, i + 1, bob, `message ${i + 1}`),
  );
  const first = counted(all);
  const { lastFrame, rerender, unmount } = render(
    <MessageList entry={entry({ messages: first.messages })} me={alice} width={60} height={20} />,
  );
  const lines = lastFrame()!.split("\n");
  const more = counted([...all, message(general, 10_001, bob, "one more")]);
  rerender(
    <MessageList entry={entry({ messages: more.messages })} me={alice} width={60} height={20} />,
  );
  const after = lastFrame()!;
  unmount();
  assert.equal(lines.length, 20);
  assert.match(lines.at(-1)!, /message 10000$/);
  assert.ok(
    !lines.some((l) => /message 9980$/.test(l)),
    "rows above the viewport are not rendered",
  );
  assert.match(after.split("\n").at(-1)!, /one more$/);
  // The cost follows the viewport's 20 rows, not the 10,000 messages held.
  assert.ok(first.reads() < 500, `${first.reads()} messages read for the first render`);
  assert.ok(more.reads() < 500, `${more.reads()} messages read for the re-render`);
});

Deno.test("MessageList says when a room is loading or empty", () => {
  assert.ok(frameOf(entry({ history: "loading" })).some((l) => l.includes("Loading messages…")));
  assert.ok(frameOf(entry({})).some((l) => l.includes("No messages yet")));
});

Deno.test("MessageList marks edited messages and shows a deleted one as one dim line", () => {
  const lines = frameOf(entry({
    messages: [
      message(general, 1, bob, "fixed typo", { edited_at: "2025-03-04T12:05:00.000Z" }),
      message(general, 2, bob, "", { deleted: true }),
    ],
  })).filter((l) => l.trim() !== "");
  assert.match(lines.at(-2)!, /bob │ fixed typo \(edited\)$/);
  assert.match(lines.at(-1)!, /bob │ message deleted\s*$/);
});

Deno.test("MessageList quotes what a reply answers, lists reactions (mine marked) and reply counts", () => {
  const first = message(general, 1, bob, "lunch at noon?", { reply_count: 3 });
  const reply = message(general, 2, alice, "yes", {
    reply_to: { id: first.id, sender: bob, text: "lunch at noon?\x1b[31m", deleted: false },
    reactions: [
      { emoji: "👍", count: 2, users: [bob, alice] },
      { emoji: "🎉", count: 1, users: [bob] },
    ],
  });
  const gone = message(general, 3, bob, "why", {
    reply_to: { id: first.id, sender: bob, text: "", deleted: true },
  });
  const lines = frameOf(entry({ messages: [first, reply, gone] }), 60, 12)
    .filter((l) => l.trim() !== "");
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  assert.ok(at(/bob │ lunch at noon\?$/) < at(/│ └ 3 replies/));
  assert.ok(at(/│ └ 3 replies/) < at(/│ ↪ bob: lunch at noon\?/));
  assert.ok(at(/│ ↪ bob: lunch at noon\?/) < at(/alice │ yes/));
  assert.ok(!lines.some((l) => l.includes("\x1b[31m")), "quoted text is sanitized");
  assert.match(lines[at(/alice │ yes/) + 1]!, /│ \[👍 2\] {2}🎉 1\s*$/);
  assert.match(lines[at(/bob │ why/) - 1]!, /│ ↪ bob: message deleted/);
});
