import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import { emptyEditor } from "../state/input_editor.ts";
import { textWidth } from "../state/text_width.ts";
import { message, room, stateAfter, summary, user } from "../tests/fixtures.ts";
import { chatReducer } from "../state/chat_reducer.ts";
import { ChatApp } from "./chat_app.tsx";

const alice = user("alice");
const bob = user("bob");
const general = room("general", { last_seq: 2 });
const TEXT = "日本語のテキストです and a rather long english sentence 🎉🎉 ｗｉｄｅ end";

function frameAt(columns: number, rows: number): string[] {
  const state = stateAfter(alice, { type: "rooms_loaded", rooms: [summary(general)] }, {
    type: "history_loaded",
    room_id: general.id,
    messages: [message(general, 1, bob, "hi"), message(general, 2, bob, TEXT)],
    has_more: false,
    direction: "latest",
  });
  const { lastFrame, unmount } = render(
    <ChatApp state={state} editor={emptyEditor} columns={columns} rows={rows} now={0} />,
  );
  const lines = lastFrame()!.split("\n");
  unmount();
  return lines;
}

for (const [columns, rows] of [[35, 12], [20, 24], [27, 16], [80, 24]] as const) {
  Deno.test(`ChatApp at ${columns}×${rows} wraps message text, cutting nothing`, () => {
    const lines = frameAt(columns, rows);
    const messageRows = lines.slice(1, -2).filter((l) => l.includes("│ "));
    const text = messageRows.map((l) => l.slice(l.lastIndexOf("│ ") + 2).trim()).join(" ");
    assert.ok(!messageRows.some((l) => l.includes("…")), `cut:\n${lines.join("\n")}`);
    assert.equal(text.replace(/\s+/g, ""), `hi${TEXT}`.replace(/\s+/g, ""), lines.join("\n"));
    for (const line of lines) {
      assert.ok(textWidth(line) <= columns, `wider than ${columns}: ${line}`);
    }
  });
}

Deno.test("ChatApp hides the room list on narrow terminals and shows it from 60 columns", () => {
  assert.ok(!frameAt(59, 12).some((l) => l.includes(" #general ")));
  assert.ok(frameAt(60, 12).some((l) => /^ #general +│/.test(l)));
});

Deno.test("ChatApp counts me online in the header while connected, not while reconnecting", () => {
  const state = stateAfter(alice, { type: "rooms_loaded", rooms: [summary(general)] }, {
    type: "members_loaded",
    room_id: general.id,
    members: [alice, bob],
    online: [],
  });
  const header = (s: typeof state) => {
    const { lastFrame, unmount } = render(
      <ChatApp state={s} editor={emptyEditor} columns={80} rows={10} now={0} />,
    );
    const first = lastFrame()!.split("\n")[0]!;
    unmount();
    return first;
  };
  assert.match(header(state), /2 members, 1 online/);
  const away = chatReducer(state, {
    type: "status_changed",
    status: { state: "reconnecting", attempt: 1, retryInMs: 1_000, retryAt: 1_000 },
  });
  assert.match(header(away), /2 members, 0 online/);
});
