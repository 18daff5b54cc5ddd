/**
 * `chat-tui search` and `chat-tui mentions` for scripts (issue 14): lines through the sanitizer,
 * so a hostile message (stored straight through the store, as a database written before the
 * server refused control characters would hold it) prints no escape sequence; `--json` prints
 * the server's hits exactly.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CONTROL_CHARACTER, type Mention, type SearchHit } from "../../shared/mod.ts";
import { signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HOSTILE = "deploy \u001b[2J\u001b]0;pwned\u0007 failed\r\u202egnp.exe";
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

Deno.test("chat-tui search and mentions print safe lines; --json is the server's data", async () => {
  const server = await startTestServer();
  const configHome = await Deno.makeTempDir();
  try {
    const run = (...args: string[]) => chatTui(configHome, ["--server", server.url, ...args]);
    const bob = await signUp(server.url, "bob");
    const mallory = await server.store.users.create("mallory", "unused");
    const ops = await server.store.rooms.create("public", "ops", "", mallory.id);
    const other = await server.store.rooms.create("public", "other", "", mallory.id);
    await server.store.rooms.addMember(ops.id, bob.user.id, bob.user.id);
    for (const [roomId, text] of [[ops.id, `@bob ${HOSTILE}`], [other.id, "deploy elsewhere"]]) {
      const stored = await server.store.messages.append({
        roomId: roomId!,
        senderId: mallory.id,
        clientMsgId: crypto.randomUUID(),
        kind: "text",
        text: text!,
      });
      assert.equal(stored.status, "stored");
    }
    const login = await chatTui(
      configHome,
      ["--server", server.url, "login", "-u", "bob", "--password-stdin"],
      "password123\n",
    );
    assert.equal(login.code, 0, login.stderr);

    const search = await run("search", "deploy");
    assert.equal(search.code, 0, search.stderr);
    assert.doesNotMatch(search.stdout, CONTROL, JSON.stringify(search.stdout));
    const lines = search.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 2, JSON.stringify(lines));
    assert.match(lines[0]!, /^#other +mallory +\d{4}-\d\d-\d\d \d\d:\d\d +deploy elsewhere$/);
    assert.match(lines[1]!, /^#ops +mallory +\S+ \S+ +deploy \[2J\]0;pwned failedgnp\.exe$/);

    const narrowed = await run("search", "deploy", "--room", "ops", "--json");
    assert.equal(narrowed.code, 0, narrowed.stderr);
    const hits: SearchHit[] = JSON.parse(narrowed.stdout);
    assert.deepEqual(hits.map((h) => h.message.text), [`@bob ${HOSTILE}`]);
    assert.ok(hits[0]!.snippet.some((p) => p.match && p.text === "deploy"));

    const mentions = await run("mentions");
    assert.equal(mentions.code, 0, mentions.stderr);
    assert.doesNotMatch(mentions.stdout, CONTROL);
    assert.match(mentions.stdout, /^\* #ops +mallory +.* @bob deploy/);
    const json: Mention[] = JSON.parse((await run("mentions", "--json")).stdout);
    assert.deepEqual(json.map((m) => [m.message.text, m.unread]), [[`@bob ${HOSTILE}`, true]]);

    const bad = await run("search", "deploy", "--sort", "loudest");
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /loudest/);
  } finally {
    await server.close();
    await Deno.remove(configHome, { recursive: true });
  }
});
