/**
 * Helpers of the tmux end-to-end tests: a private tmux server, `chat-tui` sessions in windows of
 * a fixed size, and logins through the CLI. Assertions read the screens with `tmux capture-pane`.
 *
 * @module
 */
import assert from "node:assert/strict";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function run(cmd: string, args: string[], env?: Record<string, string>) {
  let out;
  try {
    out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new Error(`${cmd} is not installed: this test needs it (apt-get install ${cmd})`);
  }
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${text(out.stderr)}`);
  return text(out.stdout);
}

/** A tmux server of the test's own, so no user session or config is touched. */
export class Tmux {
  private constructor(readonly dir: string) {}

  /** Starts nothing yet: the server starts with the first session. */
  static async create(): Promise<Tmux> {
    return new Tmux(await Deno.makeTempDir({ prefix: "chat-e2e-" }));
  }

  /** Runs a tmux command on this server. */
  run(...args: string[]): Promise<string> {
    return run("tmux", ["-S", `${this.dir}/tmux.sock`, "-f", "/dev/null", ...args]);
  }

  /**
   * Opens `chat-tui <args>` in a new session of `size` (columns, rows). The markers show what
   * the terminal looks like before and after the screen; the shell then waits, so that the
   * pane can be read after chat-tui exits.
   */
  async open(
    name: string,
    size: [number, number],
    env: Record<string, string>,
    args: string,
  ): Promise<Pane> {
    const vars = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(" ");
    const script = `echo BEFORE-SCREEN; ${vars} '${Deno.execPath()}' run -A '${MAIN}' ${args}; ` +
      `echo EXITED; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\?icanon'; exec sleep 600`;
    await this.run(
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
    return new Pane(this, name);
  }

  /** Stops the tmux server and removes its folder. */
  async close(): Promise<void> {
    await this.run("kill-server").catch(() => {});
    await Deno.remove(this.dir, { recursive: true });
  }
}

/** A chat-tui session in a tmux window. */
export class Pane {
  constructor(readonly tmux: Tmux, readonly name: string) {}

  capture(): Promise<string> {
    return this.tmux.run("capture-pane", "-p", "-t", this.name);
  }

  /** Waits until the screen matches, polling; fails with the screen's content. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
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
    await this.tmux.run("send-keys", "-t", this.name, "-l", text);
    await this.tmux.run("send-keys", "-t", this.name, "Enter");
  }

  /** Types text literally, without Enter. */
  type(text: string) {
    return this.tmux.run("send-keys", "-t", this.name, "-l", text);
  }

  key(key: string) {
    return this.tmux.run("send-keys", "-t", this.name, key);
  }
}

/** Logs in through the CLI, with the credentials in a config directory of the user's own. */
export async function login(serverUrl: string, username: string, configHome: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "--server", serverUrl, "login", "-u", username, "--password-stdin"],
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
