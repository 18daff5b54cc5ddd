import assert from "node:assert/strict";
import { COMMANDS, helpLines, parseInput } from "./slash_commands.ts";

const command = (line: string) => {
  const parsed = parseInput(line);
  assert.equal(parsed.type, "command", `${line} → ${JSON.stringify(parsed)}`);
  return parsed.type === "command" ? parsed.command : null;
};
const error = (line: string) => {
  const parsed = parseInput(line);
  assert.equal(parsed.type, "invalid", `${line} → ${JSON.stringify(parsed)}`);
  return parsed.type === "invalid" ? parsed.error : null;
};

Deno.test("parseInput() treats lines without a leading slash as messages, trimmed", () => {
  assert.deepEqual(parseInput("  hello world "), { type: "text", text: "hello world" });
  assert.deepEqual(parseInput("   "), { type: "empty" });
  assert.deepEqual(parseInput(""), { type: "empty" });
});

Deno.test("parseInput() sends //text as the message /text", () => {
  assert.deepEqual(parseInput("//shrug"), { type: "text", text: "/shrug" });
});

Deno.test("parseInput() parses every command with its arguments", () => {
  assert.deepEqual(command("/join general"), { name: "join", room: "general" });
  assert.deepEqual(command("/join #general"), { name: "join", room: "general" });
  assert.deepEqual(command("/leave"), { name: "leave" });
  assert.deepEqual(command("/create ops"), { name: "create", room: "ops", private: false });
  assert.deepEqual(command("/create ops --private"), {
    name: "create",
    room: "ops",
    private: true,
  });
  assert.deepEqual(command("/create --private ops"), {
    name: "create",
    room: "ops",
    private: true,
  });
  assert.deepEqual(command("/dm bob"), { name: "dm", username: "bob" });
  assert.deepEqual(command("/invite carol"), { name: "invite", username: "carol" });
  assert.deepEqual(command("/topic  Lunch at  noon "), { name: "topic", topic: "Lunch at  noon" });
  assert.deepEqual(command("/who"), { name: "who" });
  assert.deepEqual(command("/me waves at @bob"), { name: "me", action: "waves at @bob" });
  assert.deepEqual(command("/help"), { name: "help" });
  assert.deepEqual(command("/quit"), { name: "quit" });
  assert.deepEqual(command("/QUIT"), { name: "quit" });
});

Deno.test("parseInput() names unknown commands and points to /help", () => {
  assert.equal(error("/x"), "unknown command: /x (try /help)");
  assert.equal(error("/joinx general"), "unknown command: /joinx (try /help)");
  assert.equal(error("/toString"), "unknown command: /toString (try /help)");
  assert.equal(error("/"), "unknown command: / (try /help)");
});

Deno.test("parseInput() answers wrong arguments with the command's usage", () => {
  assert.equal(error("/join"), "usage: /join <room>");
  assert.equal(error("/join a b"), "usage: /join <room>");
  assert.equal(error("/leave now"), "usage: /leave");
  assert.equal(error("/create"), "usage: /create <name> [--private]");
  assert.equal(error("/create a b"), "usage: /create <name> [--private]");
  assert.equal(error("/create --public"), "usage: /create <name> [--private]");
  assert.equal(error("/dm"), "usage: /dm <user>");
  assert.equal(error("/invite"), "usage: /invite <user>");
  assert.equal(error("/topic"), "usage: /topic <text>");
  assert.equal(error("/me"), "usage: /me <action>");
});

Deno.test("helpLines() lists every command once", () => {
  const lines = helpLines();
  assert.equal(lines.length, Object.keys(COMMANDS).length);
  for (const name of Object.keys(COMMANDS)) {
    assert.ok(lines.some((l) => l.startsWith(`/${name}`)), name);
  }
});

Deno.test("parseInput reads the message commands", () => {
  assert.deepEqual(parseInput("/edit fixed  text"), {
    type: "command",
    command: { name: "edit", text: "fixed  text" },
  });
  assert.deepEqual(parseInput("/delete"), { type: "command", command: { name: "delete" } });
  assert.deepEqual(parseInput("/reply sure"), {
    type: "command",
    command: { name: "reply", text: "sure" },
  });
  assert.deepEqual(parseInput("/react :tada:"), {
    type: "command",
    command: { name: "react", emoji: ":tada:" },
  });
  assert.deepEqual(parseInput("/react"), { type: "invalid", error: "usage: /react <emoji>" });
});
