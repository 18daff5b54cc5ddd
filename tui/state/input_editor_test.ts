import assert from "node:assert/strict";
import {
  type EditorAction,
  editorReducer,
  type EditorState,
  editorText,
  emptyEditor,
} from "./input_editor.ts";

const run = (state: EditorState, ...actions: EditorAction[]) =>
  actions.reduce(editorReducer, state);
const typed = (text: string) => run(emptyEditor, { type: "inserted", text });
const members = ["alice", "bob", "bobby", "carol"];
const tab: EditorAction = {
  type: "completed",
  candidates: { members, rooms: ["general", "garden", "random"], users: ["dave", "dora"] },
};

Deno.test("editor inserts at the cursor and moves it with ←/→, Ctrl+A and Ctrl+E", () => {
  let s = typed("helo");
  s = run(s, { type: "cursor_moved", to: "left" }, { type: "inserted", text: "l" });
  assert.equal(editorText(s), "hello");
  assert.equal(s.cursor, 4);
  s = run(s, { type: "cursor_moved", to: "start" }, { type: "inserted", text: ">" });
  assert.equal(editorText(s), ">hello");
  s = run(s, { type: "cursor_moved", to: "end" }, { type: "cursor_moved", to: "right" });
  assert.equal(s.cursor, 6);
  s = run(s, { type: "cursor_moved", to: "start" }, { type: "cursor_moved", to: "left" });
  assert.equal(s.cursor, 0);
});

Deno.test("editor keeps characters whole: the cursor moves by code point", () => {
  const s = run(typed("a😀b"), { type: "cursor_moved", to: "left" }, { type: "deleted_backward" });
  assert.equal(editorText(s), "ab");
});

Deno.test("editor deletes backward and forward", () => {
  const s = run(
    typed("abcd"),
    { type: "deleted_backward" },
    { type: "cursor_moved", to: "start" },
    { type: "deleted_forward" },
  );
  assert.equal(editorText(s), "bc");
  assert.equal(run(s, { type: "deleted_backward" }), s);
});

Deno.test("Ctrl+W deletes the word before the cursor, Ctrl+U everything before it", () => {
  const s = run(typed("say hello  "), { type: "word_deleted" });
  assert.equal(editorText(s), "say ");
  const k = run(typed("one two"), { type: "cursor_moved", to: "left" }, { type: "line_killed" });
  assert.equal(editorText(k), "o");
  assert.equal(k.cursor, 0);
});

Deno.test("pasted newlines and control characters do not reach the line", () => {
  assert.equal(editorText(typed("a\r\nb\u0007c")), "a bc");
});

Deno.test("↑/↓ browse sent lines and come back to the draft", () => {
  let s = run(typed("first"), { type: "submitted" }, { type: "inserted", text: "second" }, {
    type: "submitted",
  });
  assert.deepEqual(s.history, ["first", "second"]);
  s = run(s, { type: "inserted", text: "draft" }, { type: "history_browsed", direction: "older" });
  assert.equal(editorText(s), "second");
  s = run(s, { type: "history_browsed", direction: "older" });
  assert.equal(editorText(s), "first");
  assert.equal(run(s, { type: "history_browsed", direction: "older" }), s);
  s = run(s, { type: "history_browsed", direction: "newer" }, {
    type: "history_browsed",
    direction: "newer",
  });
  assert.equal(editorText(s), "draft");
  assert.equal(s.cursor, 5);
});

Deno.test("submitting clears the line and skips empty and repeated lines in history", () => {
  const s = run(
    typed("same"),
    { type: "submitted" },
    { type: "inserted", text: "same" },
    { type: "submitted" },
    { type: "submitted" },
  );
  assert.deepEqual(s.history, ["same"]);
  assert.equal(editorText(s), "");
});

Deno.test("Tab completes /commands at the start of the line", () => {
  assert.equal(editorText(run(typed("/jo"), tab)), "/join ");
  assert.equal(editorText(run(typed("/x"), tab)), "/x");
  const cycled = run(typed("/"), tab, tab);
  assert.equal(
    editorText(cycled),
    "/leave ",
    "candidates in the order of /help",
  );
});

Deno.test("Tab completes usernames, cycling through matches on repeated Tab", () => {
  assert.equal(editorText(run(typed("hi @ca"), tab)), "hi @carol ");
  assert.equal(editorText(run(typed("hi bo"), tab)), "hi bob ");
  assert.equal(editorText(run(typed("hi bo"), tab, tab)), "hi bobby ");
  assert.equal(editorText(run(typed("hi bo"), tab, tab, tab)), "hi bob ");
  assert.equal(editorText(run(typed("ca"), tab)), "carol: ", "IRC style at the start of a line");
  assert.equal(editorText(run(typed("zed"), tab)), "zed");
});

Deno.test("Tab completes the word before the cursor, keeping the text after it", () => {
  const s = run(
    typed("@al says hi"),
    ...Array<EditorAction>(8).fill({ type: "cursor_moved", to: "left" }),
    tab,
  );
  assert.equal(editorText(s), "@alice  says hi");
  assert.equal(s.cursor, 7);
});

Deno.test("Tab completes room names after /join and user names after /dm and /invite", () => {
  assert.equal(editorText(run(typed("/join g"), tab)), "/join garden ");
  assert.equal(editorText(run(typed("/join g"), tab, tab)), "/join general ");
  assert.equal(editorText(run(typed("/join #ra"), tab)), "/join random ");
  assert.equal(editorText(run(typed("/dm do"), tab)), "/dm dora ");
  assert.equal(editorText(run(typed("/invite da"), tab)), "/invite dave ");
  assert.equal(editorText(run(typed("/dm ali"), tab)), "/dm ali", "members are not users here");
  assert.equal(editorText(run(typed("/join g x ca"), tab)), "/join g x carol ", "first arg only");
});

Deno.test("Alt+B / Alt+F move by words, across spaces and line breaks", () => {
  let s = run(typed("one two"), { type: "newline_inserted" }, { type: "inserted", text: "three" });
  assert.equal(editorText(s), "one two\nthree");
  s = run(s, { type: "word_moved", direction: "back" });
  assert.equal(s.cursor, 8);
  s = run(s, { type: "word_moved", direction: "back" }, { type: "word_moved", direction: "back" });
  assert.equal(s.cursor, 0);
  s = run(s, { type: "word_moved", direction: "forward" });
  assert.equal(s.cursor, 3);
  s = run(s, { type: "word_moved", direction: "forward" });
  assert.equal(s.cursor, 7);
});

Deno.test("Ctrl+K deletes to the end of the line; at a line break it joins the next line", () => {
  const base = run(typed("hello world"), { type: "newline_inserted" }, {
    type: "inserted",
    text: "next",
  });
  const at = (n: number) => ({ ...base, cursor: n });
  assert.equal(editorText(run(at(5), { type: "killed_to_end" })), "hello\nnext");
  assert.equal(editorText(run(at(11), { type: "killed_to_end" })), "hello worldnext");
  const end = run(typed("abc"), { type: "killed_to_end" });
  assert.equal(editorText(end), "abc");
});

Deno.test("Alt+Enter inserts a line break that Enter sends with the message", () => {
  const s = run(typed("a"), { type: "newline_inserted" }, { type: "inserted", text: "b" });
  assert.deepEqual(s.chars, ["a", "\n", "b"]);
  assert.equal(run(s, { type: "submitted" }).history.at(-1), "a\nb");
});

Deno.test("replaced puts a whole line in, the cursor at its end", () => {
  const state = editorReducer(emptyEditor, { type: "replaced", text: "fixed typo" });
  assert.equal(editorText(state), "fixed typo");
  assert.equal(state.cursor, 10);
});

Deno.test("Tab after a :shortcode prefix completes to the emoji", () => {
  const typed = editorReducer(emptyEditor, { type: "inserted", text: "nice :tad" });
  const done = editorReducer(typed, {
    type: "completed",
    candidates: { members: [], rooms: [], users: [] },
  });
  assert.equal(editorText(done), "nice 🎉 ");
});
