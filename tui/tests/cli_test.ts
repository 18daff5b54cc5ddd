/**
 * The scripting side of `chat-tui`, run as a subprocess against a real server, the way scripts
 * and people use it. Each run costs about a second, so the steps share one server and one
 * credentials folder and build on each other.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Message, RoomSummary } from "../../shared/mod.ts";
import { api, signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { outputWithin } from "../../server/testing/within.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `chat-tui args…` with `stdin` piped in (or none) and the credentials under `configHome`. */
async function chatTui(configHome: string, args: string[], stdin?: string): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    // -q: no download or check chatter on stderr, which the tests read.
    args: ["run", "-q", "-A", "tui/main.ts", ...args],
    cwd: ROOT,
    env: { XDG_CONFIG_HOME: configHome, NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await outputWithin(
    child,
    60_000,
    `chat-tui ${args.join(" ")} to exit`,
  );
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

/** Asserts a failure: non-zero exit and exactly one line on stderr, matching `line`. */
function assertFails(run: Run, line: RegExp | string) {
  assert.notEqual(run.code, 0, `expected a failure; stdout: ${run.stdout}`);
  assert.equal(run.stderr.trimEnd().split("\n").length, 1, `one line: ${run.stderr}`);
  if (typeof line === "string") assert.equal(run.stderr.trimEnd(), line);
  else assert.match(run.stderr.trimEnd(), line);
}

function assertOk(run: Run) {
  assert.equal(run.code, 0, `exit ${run.code}; stderr: ${run.stderr}`);
  assert.equal(run.stderr, "");
}

Deno.test("chat-tui scripting commands", async (t) => {
  const server = await startTestServer();
  const configHome = await Deno.makeTempDir();
  const credentialsPath = join(configHome, "chat-tui", "credentials.json");
  const run = (args: string[], stdin?: string) =>
    chatTui(configHome, ["--server", server.url, ...args], stdin);
  const savedEntry = async () =>
    JSON.parse(await Deno.readTextFile(credentialsPath)).servers[server.url];
  try {
    await t.step("register logs in with --password-stdin; whoami names the user", async () => {
      const registered = await run(["register", "-u", "alice", "--password-stdin"], "s3cret-pw\n");
      assertOk(registered);
      assert.equal(registered.stdout, `registered and logged in as alice on ${server.url}\n`);
      assert.equal((await Deno.stat(credentialsPath)).mode! & 0o777, 0o600);
      const whoami = await run(["whoami"]);
      assertOk(whoami);
      assert.equal(whoami.stdout, `alice on ${server.url}\n`);
    });

    await t.step("a wrong password fails with one line and keeps the session", async () => {
      assertFails(
        await run(["login", "-u", "alice", "--password-stdin"], "wrong-pw\n"),
        "wrong username or password",
      );
      assert.equal((await savedEntry()).username, "alice");
    });

    await t.step("create, then rooms --json lists the rooms", async () => {
      const created = await run(["create", "general", "--topic", "Anything goes"]);
      assertOk(created);
      assert.equal(created.stdout, "created #general (public)\n");
      assertOk(await run(["create", "#secret", "--private"]));
      const listed = await run(["rooms", "--json"]);
      assertOk(listed);
      const rooms: RoomSummary[] = JSON.parse(listed.stdout);
      assert.deepEqual(
        rooms.map((r) => [r.name, r.kind, r.topic, r.unread_count]).sort(),
        [["general", "public", "Anything goes", 0], ["secret", "private", "", 0]],
      );
    });

    await t.step(
      "send takes text from arguments or stdin; history returns it in order",
      async () => {
        const sent = await run(["send", "general", "hello", "world"]);
        assertOk(sent);
        assert.equal(sent.stdout, "");
        assertOk(await run(["send", "#general"], "from stdin\n"));
        const history = await run(["history", "general", "--json"]);
        assertOk(history);
        const messages: Message[] = JSON.parse(history.stdout);
        assert.deepEqual(messages.map((m) => [m.seq, m.sender.username, m.text]), [
          [2, "alice", "hello world"], // seq 1: alice's member_joined, creating the room
          [3, "alice", "from stdin"],
        ]);
        assert.notEqual(messages[0]!.client_msg_id, messages[1]!.client_msg_id);
        const plain = await run(["history", "general", "--limit", "1"]);
        assertOk(plain);
        assert.match(plain.stdout, /^\d\d:\d\d <alice> from stdin\n$/);
      },
    );

    await t.step("invite adds a user to a private room", async () => {
      const bob = await signUp(server.url, "bob");
      const invited = await run(["invite", "secret", "bob"]);
      assertOk(invited);
      assert.equal(invited.stdout, "invited bob to #secret\n");
      const bobsRooms = await api(server.url, "GET", "/rooms", undefined, bob.access_token);
      assert.deepEqual(bobsRooms.body.rooms.map((r: RoomSummary) => r.name), ["secret"]);
    });

    await t.step("send @user opens the direct room when there is none yet", async () => {
      assertOk(await run(["send", "@bob", "hi", "bob"]));
      const history = await run(["history", "@bob", "--json"]);
      assertOk(history);
      assert.deepEqual(JSON.parse(history.stdout).map((m: Message) => m.text), ["hi bob"]);
      assertOk(await run(["send", "@bob", "again"]));
      const listed: RoomSummary[] = JSON.parse((await run(["rooms", "--json"])).stdout);
      assert.equal(listed.filter((r) => r.kind === "direct").length, 1, "one direct room");
      assertFails(await run(["send", "@zed", "hello?"]), 'user "zed" does not exist');
    });

    await t.step("join and dm without a terminal fail before changing anything", async () => {
      const carol = await signUp(server.url, "carol");
      await api(server.url, "POST", "/rooms", { name: "plaza" }, carol.access_token);
      const noTerminal = "the chat screen needs a terminal: in scripts use send and history";
      assertFails(await run(["join", "plaza"]), noTerminal);
      assertFails(await run(["dm", "carol"]), noTerminal);
      const listed: RoomSummary[] = JSON.parse((await run(["rooms", "--json"])).stdout);
      assert.ok(!listed.some((r) => r.name === "plaza"), "not joined");
      assert.ok(!listed.some((r) => r.peer?.username === "carol"), "no direct room created");
    });

    await t.step("unknown rooms and users fail with one line", async () => {
      assertFails(await run(["history", "nowhere"]), /^unknown room "nowhere"/);
      assertFails(await run(["invite", "secret", "zed"]), 'user "zed" does not exist');
    });

    await t.step("an unreachable server is named in one line", async () => {
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
      listener.close();
      assertFails(
        await chatTui(
          configHome,
          ["--server", url, "login", "-u", "alice", "--password-stdin"],
          "x\n",
        ),
        `cannot reach the chat server at ${url}`,
      );
    });

    await t.step(
      "an access token due for renewal is refreshed and the new pair saved",
      async () => {
        const entry = await savedEntry();
        await setEntry({ ...entry, access_expires_at: 0 });
        assertOk(await run(["whoami"]));
        const renewed = await savedEntry();
        assert.notEqual(renewed.refresh_token, entry.refresh_token);
        assert.ok(renewed.access_expires_at > Date.now());
      },
    );

    await t.step("a dead session says to log in again", async () => {
      const entry = await savedEntry();
      await setEntry({ ...entry, access_expires_at: 0, refresh_token: "revoked-or-bogus" });
      const run1 = await run(["rooms"]);
      assertFails(run1, "session expired: run chat-tui login");
      assert.equal(run1.code, 1);
      await setEntry(entry);
    });

    await t.step("logout ends the session; whoami then says so", async () => {
      const out = await run(["logout"]);
      assertOk(out);
      assert.equal(out.stdout, `logged out of ${server.url}\n`);
      assertFails(
        await run(["whoami"]),
        `not logged in to ${server.url}: run chat-tui login (or chat-tui register)`,
      );
    });
  } finally {
    await server.close();
    await Deno.remove(configHome, { recursive: true });
  }

  async function setEntry(entry: unknown) {
    const file = JSON.parse(await Deno.readTextFile(credentialsPath));
    file.servers[server.url] = entry;
    await Deno.writeTextFile(credentialsPath, JSON.stringify(file));
  }
});
