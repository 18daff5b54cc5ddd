/**
 * Issue 13, failure 2: terminal escape sequences in server data never reach the terminal from the
 * plain commands, and `--json` prints the data exactly. The server now refuses control characters
 * in new messages and topics, so the test stores them as a database written before that rule (or
 * another server) would hold them: straight through the store.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CONTROL_CHARACTER, type Message, type RoomSummary } from "../../shared/mod.ts";
import { signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** ESC, clear screen, a window title (OSC ... BEL), a cursor move, CR, BS and a bidi override. */
const HOSTILE = "hi\u001b[2J\u001b]0;pwned\u0007\u001b[10;1H\rfake\b\b\u202egnp.exe";
const CONTROL = new RegExp(`${CONTROL_CHARACTER.source}|[\u202a-\u202e\u2066-\u2069]`);

async function chatTui(configHome: string, args: string[], stdin = "") {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", "tui/main.ts", ...args],
    cwd: ROOT,
    env: { XDG_CONFIG_HOME: configHome, NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

Deno.test("history and rooms print no escape sequence from server data; --json stays exact", async () => {
  const server = await startTestServer();
  const configHome = await Deno.makeTempDir();
  try {
    const run = (...args: string[]) => chatTui(configHome, ["--server", server.url, ...args]);
    const bob = await signUp(server.url, "bob");
    const mallory = await server.store.users.create("mallory", "unused");
    const room = await server.store.rooms.create("public", "general", HOSTILE, mallory.id);
    await server.store.rooms.addMember(room.id, bob.user.id, bob.user.id);
    const appended = await server.store.messages.append({
      roomId: room.id,
      senderId: mallory.id,
      clientMsgId: crypto.randomUUID(),
      kind: "text",
      text: `${HOSTILE}\nsecond line`,
    });
    assert.equal(appended.status, "stored");
    const login = await chatTui(
      configHome,
      ["--server", server.url, "login", "-u", "bob", "--password-stdin"],
      "password123\n",
    );
    assert.equal(login.code, 0, login.stderr);

    const history = await run("history", "general");
    assert.equal(history.code, 0, history.stderr);
    assert.doesNotMatch(history.stdout, CONTROL, JSON.stringify(history.stdout));
    const lines = history.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 2, JSON.stringify(lines));
    assert.match(lines[0]!, /^\d\d:\d\d <mallory> hi\[2J\]0;pwned\[10;1Hfakegnp\.exe$/);
    assert.equal(lines[1], "      second line");

    const rooms = await run("rooms");
    assert.equal(rooms.code, 0, rooms.stderr);
    assert.doesNotMatch(rooms.stdout, CONTROL, JSON.stringify(rooms.stdout));
    assert.match(rooms.stdout, /#general +public +1 +hi\[2J/);

    const historyJson = await run("history", "general", "--json");
    const messages: Message[] = JSON.parse(historyJson.stdout);
    assert.deepEqual(messages.map((m) => m.text), [`${HOSTILE}\nsecond line`]);
    assert.ok(!historyJson.stdout.includes("\u001b"), "JSON escapes ESC as \\u001b");
    const roomsJson = await run("rooms", "--json");
    const summaries: RoomSummary[] = JSON.parse(roomsJson.stdout);
    assert.deepEqual(summaries.map((r) => r.topic), [HOSTILE]);
  } finally {
    await server.close();
    await Deno.remove(configHome, { recursive: true });
  }
});
