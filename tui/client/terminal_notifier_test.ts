import assert from "node:assert/strict";
import { desktopSequenceFor, notificationBytes } from "./terminal_notifier.ts";

Deno.test("notificationBytes() rings and notifies with the chosen sequence", () => {
  const both = { bell: true, desktop: true };
  assert.equal(
    notificationBytes(both, "osc777", "#ops", "bob: hi"),
    "\u0007\u001b]777;notify;#ops;bob: hi\u0007",
  );
  assert.equal(
    notificationBytes(both, "osc9", "#ops", "bob: hi"),
    "\u0007\u001b]9;#ops: bob: hi\u0007",
  );
  assert.equal(notificationBytes({ bell: true, desktop: false }, "osc9", "t", "b"), "\u0007");
  assert.equal(notificationBytes({ bell: false, desktop: false }, "osc9", "t", "b"), "");
});

Deno.test("a message cannot end the sequence early or add fields", () => {
  const bytes = notificationBytes(
    { bell: false, desktop: true },
    "osc777",
    "#ops",
    "evil\u0007\u001b]0;title\u0007; rm -rf",
  );
  assert.equal(bytes, "\u001b]777;notify;#ops;evil]0,title, rm -rf\u0007");
});

Deno.test("desktopSequenceFor() picks OSC 9 for the terminals that read it", () => {
  assert.equal(desktopSequenceFor({ TERM_PROGRAM: "iTerm.app" }), "osc9");
  assert.equal(desktopSequenceFor({ TERM: "xterm-kitty" }), "osc9");
  assert.equal(desktopSequenceFor({ TERM: "foot" }), "osc777");
});
