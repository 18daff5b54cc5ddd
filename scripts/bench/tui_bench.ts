/**
 * `deno task bench:tui`: how fast the installed `chat-tui` draws its first screen and how much
 * memory it holds. Prints figures; fails only when the program does not come up.
 *
 * It starts an embedded chat server, installs `chat-tui` as `deno task install:tui` does (the
 * bundle, into a temporary root), logs in through it, and runs `chat-tui join <room>` under a pseudo-terminal
 * (`script`) `--runs` times, timing from spawn to the first frame that shows the room's header
 * ("first paint") and to the frame that shows its newest message ("ready"). Then it measures the
 * resident memory (VmRSS) of one screen idle in a room, and of one paged back with PgUp through a
 * room of `--messages` messages.
 *
 * ```sh
 * deno task bench:tui                       # 10 runs, a room of 10,000 messages
 * deno task bench:tui --runs 20 --messages 2000
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { rssBytes, startChatServer } from "./_servers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const PASSWORD = "bench-password-1";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "10" },
    messages: { type: "string", default: "10000" },
    "idle-seconds": { type: "string", default: "5" },
  },
});
const RUNS = Number(values.runs);
const MESSAGES = Number(values.messages);
const IDLE_MS = Number(values["idle-seconds"]) * 1000;

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function register(url: string, username: string): Promise<string> {
  await call(url, "POST", "/auth/register", { username, password: PASSWORD });
  return (await call(url, "POST", "/auth/login", { username, password: PASSWORD })).access_token;
}

/** Posts `count` messages, 16 requests at a time. */
async function fill(url: string, token: string, roomId: string, count: number) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = ++next;
      await call(url, "POST", `/rooms/${roomId}/messages`, {
        text: `message ${i} of the backlog, long enough to wrap on a narrow screen now and then`,
        client_msg_id: crypto.randomUUID(),
      }, token);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function run(cmd: string, args: string[], env: Record<string, string>, stdin?: string) {
  const child = new Deno.Command(cmd, {
    args,
    env,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** A `chat-tui` screen under a pseudo-terminal, with its output searchable as it arrives. */
class Screen {
  readonly started = performance.now();
  #output = "";
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #done: Promise<void>;

  constructor(program: string, args: string, env: Record<string, string>) {
    const child = new Deno.Command("script", {
      args: ["-q", "-e", "-c", `stty cols 100 rows 30; exec '${program}' ${args}`, "/dev/null"],
      env,
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#done = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of child.stdout) {
        this.#output += decoder.decode(chunk, { stream: true });
      }
    })();
  }

  /** Milliseconds from spawn until the output contains `text`. */
  async until(text: string, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
    return performance.now() - this.started;
  }

  async keys(keys: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(keys));
  }

  /** The `deno` process under `script` and its shell: the one whose memory counts. */
  denoPid(): number | null {
    const children = new Map<number, number[]>();
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry.name)]);
      } catch { /* gone */ }
    }
    const queue = [this.#child.pid];
    while (queue.length > 0) {
      const pid = queue.shift()!;
      const cmd = (() => {
        try {
          return Deno.readTextFileSync(`/proc/${pid}/cmdline`);
        } catch {
          return "";
        }
      })();
      if (pid !== this.#child.pid && cmd.includes("deno") && /chat-tui|main\.ts/.test(cmd)) {
        return pid;
      }
      queue.push(...(children.get(pid) ?? []));
    }
    return null;
  }

  async close(): Promise<void> {
    try {
      this.#child.kill("SIGTERM");
    } catch { /* already gone */ }
    await this.#writer.close().catch(() => {});
    await this.#child.status;
    await this.#done;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mib = (bytes: number | null) => bytes === null ? "?" : (bytes / 1024 / 1024).toFixed(0);

const server = await startChatServer("embedded", {
  databaseUrl: "",
  redisUrl: "",
  prefix: crypto.randomUUID().slice(0, 8),
  cpuProfDir: null,
});
const home = await Deno.makeTempDir({ prefix: "chat-tui-bench-" });
try {
  const alice = await register(server.url, "alice");
  const bob = await register(server.url, "bob");
  const general = (await call(server.url, "POST", "/rooms", { name: "general" }, alice)).room;
  const big = (await call(server.url, "POST", "/rooms", { name: "big" }, alice)).room;
  for (const room of [general, big]) {
    await call(server.url, "POST", `/rooms/${room.id}/join`, undefined, bob);
  }
  await fill(server.url, bob, general.id, 60);
  await call(server.url, "POST", `/rooms/${general.id}/messages`, {
    text: "the newest message",
    client_msg_id: crypto.randomUUID(),
  }, bob);
  console.log(`filling a room with ${MESSAGES} messages…`);
  await fill(server.url, bob, big.id, MESSAGES);

  const env = { XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, HOME: home, TERM: "xterm-256color" };
  // As `deno task install:tui` does: the bundle, installed with the same permissions.
  const installRoot = `${home}/install`;
  await run(Deno.execPath(), [
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-run",
    `${ROOT}scripts/bundle.ts`,
    "--program",
    "chat-tui",
    "--out-dir",
    `${home}/dist`,
  ], env);
  await run(Deno.execPath(), [
    "install",
    "--global",
    "--root",
    installRoot,
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--allow-write",
    "--name",
    "chat-tui",
    `${home}/dist/chat-tui.js`,
  ], env);
  const program = `${installRoot}/bin/chat-tui`;
  await run(
    program,
    ["--server", server.url, "login", "-u", "alice", "--password-stdin"],
    env,
    `${PASSWORD}\n`,
  );

  const paint: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const screen = new Screen(program, `--server ${server.url} join general`, env);
    try {
      paint.push(await screen.until("#general"));
      ready.push(await screen.until("the newest message"));
    } finally {
      await screen.close();
    }
  }

  const idle = new Screen(program, `--server ${server.url} join general`, env);
  let idleRss: number | null;
  try {
    await idle.until("the newest message");
    await new Promise((r) => setTimeout(r, IDLE_MS));
    idleRss = rssBytes(idle.denoPid());
  } finally {
    await idle.close();
  }

  const paged = new Screen(program, `--server ${server.url} join big`, env);
  let pagedRss: number | null = null;
  let peakRss = 0;
  try {
    await paged.until(`message ${MESSAGES} of`);
    const pid = paged.denoPid();
    // A page of history is 50 messages: enough PgUps to page through the whole room.
    for (
      let i = 0;
      i < MESSAGES / 10 && !(await paged.until("message 1 of", 1).catch(() => 0));
      i++
    ) {
      await paged.keys("\x1b[5~");
      await new Promise((r) => setTimeout(r, 10));
      peakRss = Math.max(peakRss, rssBytes(pid) ?? 0);
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    pagedRss = rssBytes(pid);
    peakRss = Math.max(peakRss, pagedRss ?? 0);
  } finally {
    await paged.close();
  }

  const fmt = (xs: number[]) =>
    `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${
      Math.max(...xs).toFixed(0)
    }`;
  console.log(`chat-tui join, ${RUNS} runs, from spawn under a pseudo-terminal:`);
  console.log(`  first paint (room header drawn):   ${fmt(paint)}`);
  console.log(`  ready (newest message drawn):      ${fmt(ready)}`);
  console.log(`memory (VmRSS):`);
  console.log(`  idle in a room for ${IDLE_MS / 1000} s:          ${mib(idleRss)} MiB`);
  console.log(
    `  after paging back through ${MESSAGES} messages: ${mib(pagedRss)} MiB (peak ${
      mib(peakRss)
    } MiB)`,
  );
} finally {
  await server.stop();
  await Deno.remove(home, { recursive: true });
}
