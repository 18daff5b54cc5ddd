/** Issue 13: `chat-tui sessions` and `chat-tui passwd`, run as a subprocess against a real server. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { SessionInfo } from "../../shared/mod.ts";
import { api } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

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

Deno.test("chat-tui sessions lists and revokes logins; passwd changes the password", async () => {
  const server = await startTestServer();
  const configHome = await Deno.makeTempDir();
  try {
    const run = (args: string[], stdin?: string) =>
      chatTui(configHome, ["--server", server.url, ...args], stdin);
    const registered = await run(["register", "-u", "alice", "--password-stdin"], "old-password\n");
    assert.equal(registered.code, 0, registered.stderr);
    const other = await api(server.url, "POST", "/auth/login", {
      username: "alice",
      password: "old-password",
    });

    const listed = await run(["sessions", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const sessions: SessionInfo[] = JSON.parse(listed.stdout);
    assert.equal(sessions.length, 2);
    const [theirs, mine] = sessions;
    assert.deepEqual([theirs!.current, mine!.current], [false, true]);
    const table = await run(["sessions"]);
    assert.match(table.stdout, /^ {2}ID +CREATED \(UTC\) +LAST USED \(UTC\) +IP +CLIENT$/m);
    assert.match(table.stdout, new RegExp(`^\\* ${mine!.id} `, "m"));

    const revoked = await run(["sessions", "--revoke", theirs!.id]);
    assert.equal(revoked.stdout, `revoked session ${theirs!.id}\n`);
    const me = await api(server.url, "GET", "/me", undefined, other.body.access_token);
    assert.equal(me.status, 401, "the revoked login's token is refused");
    const unknown = await run(["sessions", "--revoke", crypto.randomUUID()]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^no live session/);

    const wrong = await run(["passwd", "--password-stdin"], "not-it\nnew-password\n");
    assert.deepEqual([wrong.code, wrong.stderr], [1, "wrong username or password\n"]);
    const changed = await run(["passwd", "--password-stdin"], "old-password\nnew-password\n");
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(changed.stdout, "password changed; every other login is ended\n");
    const login = await api(server.url, "POST", "/auth/login", {
      username: "alice",
      password: "new-password",
    });
    assert.equal(login.status, 200);
    assert.equal((await run(["whoami"])).code, 0, "this login goes on");
  } finally {
    await server.close();
    await Deno.remove(configHome, { recursive: true });
  }
});

Deno.test("chat-tui delete-account refuses a wrong password, then deletes the account and forgets it", async () => {
  const server = await startTestServer();
  const configHome = await Deno.makeTempDir();
  try {
    const run = (args: string[], stdin?: string) =>
      chatTui(configHome, ["--server", server.url, ...args], stdin);
    const registered = await run(["register", "-u", "alice", "--password-stdin"], "the-password\n");
    assert.equal(registered.code, 0, registered.stderr);

    const unconfirmed = await run(["delete-account", "--password-stdin"], "the-password\n");
    assert.deepEqual([unconfirmed.code, unconfirmed.stderr], [
      1,
      "--password-stdin needs --yes: there is no terminal to confirm on\n",
    ]);
    const wrong = await run(["delete-account", "--password-stdin", "--yes"], "not-it\n");
    assert.deepEqual([wrong.code, wrong.stderr], [1, "wrong username or password\n"]);
    assert.equal((await run(["whoami"])).code, 0, "still there after both refusals");

    const deleted = await run(["delete-account", "--password-stdin", "--yes"], "the-password\n");
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, `account alice deleted from ${server.url}\n`);
    const whoami = await run(["whoami"]);
    assert.equal(whoami.code, 1);
    assert.match(whoami.stderr, /^not logged in/, "the saved login is forgotten");
    const login = await api(server.url, "POST", "/auth/login", {
      username: "alice",
      password: "the-password",
    });
    assert.equal(login.status, 401);
  } finally {
    await server.close();
    await Deno.remove(configHome, { recursive: true });
  }
});
