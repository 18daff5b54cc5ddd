import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultOutboxDir } from "./outbox_file.ts";

Deno.test("defaultOutboxDir() is under XDG_STATE_HOME, else ~/.local/state", () => {
  const saved = { xdg: Deno.env.get("XDG_STATE_HOME"), home: Deno.env.get("HOME") };
  try {
    Deno.env.set("XDG_STATE_HOME", "/tmp/state");
    assert.equal(defaultOutboxDir(), join("/tmp/state", "chat-tui", "outbox"));
    Deno.env.delete("XDG_STATE_HOME");
    Deno.env.set("HOME", "/home/alice");
    assert.equal(defaultOutboxDir(), "/home/alice/.local/state/chat-tui/outbox");
  } finally {
    if (saved.xdg === undefined) Deno.env.delete("XDG_STATE_HOME");
    else Deno.env.set("XDG_STATE_HOME", saved.xdg);
    if (saved.home !== undefined) Deno.env.set("HOME", saved.home);
  }
});
