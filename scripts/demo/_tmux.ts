/**
 * A private tmux server for the demo, and its panes as things to type into and read from.
 *
 * @module
 */

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A tmux server on its own socket, with its own configuration. */
export class Tmux {
  constructor(readonly socket: string, readonly config: string) {}

  /** Runs `tmux args…` against this server and returns its stdout. */
  async run(...args: string[]): Promise<string> {
    const { success, stdout, stderr } = await new Deno.Command("tmux", {
      args: ["-S", this.socket, "-f", this.config, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    if (!success) throw new Error(`tmux ${args.join(" ")}: ${text(stderr).trim()}`);
    return text(stdout);
  }

  /** Shows `text` in the status line under the panes. */
  async caption(text: string): Promise<void> {
    await this.run("set", "-g", "status-left", ` ${text}`);
  }
}

/** One pane: keys go in with `send-keys`, the screen comes out with `capture-pane`. */
export class Pane {
  constructor(readonly tmux: Tmux, readonly target: string) {}

  /** Types `text` a character at a time, `delayMs` apart, as a person would. */
  async type(text: string, delayMs = 45): Promise<void> {
    for (const char of text) {
      await this.tmux.run("send-keys", "-t", this.target, "-l", char);
      await sleep(delayMs);
    }
  }

  /** Presses a key by its tmux name: `Enter`, `C-n`, `M-a`. */
  async key(name: string): Promise<void> {
    await this.tmux.run("send-keys", "-t", this.target, name);
  }

  /** Types a line, pauses as if reading it over, and presses Enter. */
  async say(text: string, delayMs = 45): Promise<void> {
    await this.type(text, delayMs);
    await sleep(300);
    await this.key("Enter");
  }

  /** The visible screen as text. */
  async capture(): Promise<string> {
    return await this.tmux.run("capture-pane", "-p", "-t", this.target);
  }

  /** Polls the screen until it matches; fails with the screen after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (pattern.test(screen)) return;
      await sleep(50);
    }
    throw new Error(`Pane ${this.target} never showed ${pattern}; screen:\n${screen}`);
  }
}
