/**
 * End to end in a real terminal: a server on an ephemeral port, alice and bob logged in through
 * the CLI, and two `chat-tui join general` sessions in tmux (100×30 and the smallest supported
 * size, 80×24). Assertions read the screens with `tmux capture-pane`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { api, signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
/** The test's own tmux server, so no user session or config is touched; removed at the end. */
const TMUX_DIR = await Deno.makeTempDir({ prefix: "chat-e2e-" });
const TMUX_SOCKET = `${TMUX_DIR}/tmux.sock`;

async function run(cmd: string, args: string[]) {
  let out;
  try {
    out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new Error(`${cmd} is not installed: this test needs it (apt-get install ${cmd})`);
  }
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${text(out.stderr)}`);
  return text(out.stdout);
}

function tmux(...args: string[]) {
  return run("tmux", ["-S", TMUX_SOCKET, "-f", "/dev/null", ...args]);
}

/** Logs in through the CLI, with the credentials in a config directory of the user's own. */
async function login(serverUrl: string, username: string, configHome: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "--server",
      serverUrl,
      "login",
      "--username",
      username,
      "--password-stdin",
    ],
    env: { XDG_CONFIG_HOME: configHome },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("password123\n"));
  await writer.close();
  const out = await child.output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
}

/** A chat-tui session in a tmux window of a fixed size. */
class Pane {
  constructor(readonly name: string) {}

  static async open(name: string, size: [number, number], configHome: string, args: string) {
    // The markers show what the terminal looks like before and after the screen.
    const script =
      `echo BEFORE-SCREEN; XDG_CONFIG_HOME='${configHome}' '${Deno.execPath()}' run -A '${MAIN}' ${args}; ` +
      `echo EXITED; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\?icanon'; exec sleep 600`;
    await tmux(
      "new-session",
      "-d",
      "-s",
      name,
      "-x",
      String(size[0]),
      "-y",
      String(size[1]),
      "bash",
      "-c",
      script,
    );
    return new Pane(name);
  }

  capture(): Promise<string> {
    return tmux("capture-pane", "-p", "-t", this.name);
  }

  /** Waits until the screen matches, polling; fails with the screen's content. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (pattern.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms; screen:\n${screen}`);
  }

  /** Types text literally, then Enter as a key of its own. */
  async say(text: string) {
    await tmux("send-keys", "-t", this.name, "-l", text);
    await tmux("send-keys", "-t", this.name, "Enter");
  }

  key(key: string) {
    return tmux("send-keys", "-t", this.name, key);
  }
}

Deno.test("chat-tui in tmux: live messages, unread counts, /dm and a clean exit", async (t) => {
  const server = await startTestServer();
  const tempDirs: string[] = [TMUX_DIR];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    for (const name of ["general", "random"]) {
      const created = await api(server.url, "POST", "/rooms", { name }, alice.access_token);
      assert.equal(created.status, 201);
      await api(
        server.url,
        "POST",
        `/rooms/${created.body.room.id}/join`,
        undefined,
        bob.access_token,
      );
    }
    const [aliceHome, bobHome] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
    tempDirs.push(aliceHome, bobHome);
    await Promise.all([login(server.url, "alice", aliceHome), login(server.url, "bob", bobHome)]);

    const a = await Pane.open("alice", [100, 30], aliceHome, `--server ${server.url} join general`);
    const b = await Pane.open("bob", [80, 24], bobHome, `--server ${server.url} join general`);
    await Promise.all([a, b].map((p) => p.waitFor(/#general[\s\S]*\[connected\]/, 20_000)));

    await t.step("bob sees alice's message", async () => {
      // How fast is for the benchmark to measure; here the message must arrive, once.
      await a.say("hello from alice");
      const screen = await b.waitFor(/alice │ hello from alice/);
      assert.equal(screen.match(/hello from alice/g)?.length, 1);
    });

    await t.step("a room not shown gets an unread count", async () => {
      await a.key("C-n");
      await a.waitFor(/\[#random\]/);
      await a.say("over in random");
      await b.waitFor(/#random +1│/);
    });

    await t.step("/dm opens the direct room on both sides", async () => {
      await b.say("/dm alice");
      await b.waitFor(/alice \(direct\)/);
      await b.say("psst, alice");
      await a.waitFor(/Direct[\s\S]* bob +1 *│/);
      await a.key("C-n");
      await a.waitFor(/bob \(direct\)[\s\S]*bob │ psst, alice/);
    });

    await t.step("Ctrl+C restores the terminal", async () => {
      await Promise.all([a, b].map((p) => p.key("C-c")));
      for (const pane of [a, b]) {
        const screen = await pane.waitFor(/EXITED\n(-?icanon)/);
        assert.match(screen, /BEFORE-SCREEN\nEXITED\nicanon\n/, "primary screen back, cooked mode");
        assert.doesNotMatch(screen, /\[connected\]/);
      }
    });
  } finally {
    await tmux("kill-server").catch(() => {});
    await server.close();
    for (const dir of tempDirs) await Deno.remove(dir, { recursive: true });
  }
});
