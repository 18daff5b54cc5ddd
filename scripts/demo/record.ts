/**
 * `deno task demo`: records `docs/demo.cast` with asciinema and renders `docs/demo.svg` with
 * svg-term-cli, from a script and no hand typing. It bundles both programs, starts a throwaway
 * chat-server (embedded database in a temporary folder, ephemeral port), registers alice and bob
 * with chat-tui, and plays `_scenes.ts` in two tmux panes of 80×24 side by side.
 *
 * Needs tmux and asciinema (Debian: `apt-get install tmux asciinema`) and npx (svg-term-cli is
 * fetched from npm).
 *
 * @module
 */
import { freePort, type ServerProcess, spawnServer } from "../../server/testing/server_process.ts";
import { bundleLaunch, runProgram } from "../_smoke.ts";
import { bundleProgram } from "../bundle.ts";
import { playScenes } from "./_scenes.ts";
import { Pane, Tmux } from "./_tmux.ts";

/** Two 80-column panes and the border between them. */
const COLUMNS = 161;
/** Pane titles, two 24-row panes, the caption line. */
const ROWS = 26;
const PASSWORDS = { alice: "correct-horse", bob: "battery-staple" };
const DOCS = new URL("../../docs/", import.meta.url);
const SVG_TERM = "svg-term-cli@2.1.1";

const TMUX_CONFIG = `
set -g default-terminal tmux-256color
set -g escape-time 0
set -g status-position bottom
set -g status-style bg=colour237,fg=colour252
set -g status-left-length ${COLUMNS}
set -g status-left ""
set -g status-right ""
set -g window-status-format ""
set -g window-status-current-format ""
set -g pane-border-status top
set -g pane-border-style fg=colour240
set -g pane-active-border-style fg=colour240
set -g pane-border-format "#[bold] #{@name} "
`;

async function requireTool(name: string, install: string): Promise<void> {
  const { success } = await new Deno.Command("sh", {
    args: ["-c", `command -v ${name}`],
    stdout: "null",
  }).output();
  if (!success) {
    console.error(`demo: ${name} is not installed: ${install}`);
    Deno.exit(1);
  }
}

/** A shell in a pane, started by {@linkcode bashrc}, with the user's own config folder. */
function paneShell(work: string, user: string, serverUrl: string): string[] {
  const env = {
    XDG_CONFIG_HOME: `${work}/${user}`,
    CHAT_SERVER: serverUrl,
    TZ: "UTC",
    DEMO_USER: user,
    HISTFILE: "/dev/null",
  };
  return [
    ...Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
    `bash --noprofile --rcfile ${work}/bashrc -i`,
  ];
}

/**
 * The panes' bash start-up: chat-tui on the PATH and the user's name, in bold, as the prompt
 * (bash and tmux set their own PATH and PS1 over inherited ones).
 */
function bashrc(work: string): string {
  return `PATH='${work}/bin':"$PATH"\nPS1='\\[\\e[1m\\]'"$DEMO_USER"'\\[\\e[0m\\]$ '\n`;
}

/** Output written this close together (seconds) is one frame: no half-drawn screens. */
const FRAME_S = 0.02;

/**
 * Tidies the recording: drops the header's timestamp, which differs every run; joins output
 * written within {@linkcode FRAME_S} into one event; and replaces what tmux draws as the client
 * leaves with nothing, keeping its time so that the last screen stays up before the animation
 * loops.
 */
function tidyCast(cast: string): string {
  const [header, ...lines] = cast.trimEnd().split("\n");
  const { timestamp: _, ...fixed } = JSON.parse(header!);
  const events: [number, string, string][] = [];
  for (const line of lines) {
    const [time, kind, data]: [number, string, string] = JSON.parse(line);
    if (data.includes("[detached")) {
      events.push([time, "o", ""]);
      break;
    }
    const last = events.at(-1);
    if (last && last[1] === "o" && kind === "o" && time - last[0] < FRAME_S) last[2] += data;
    else events.push([time, kind, data]);
  }
  return [fixed, ...events].map((item) => JSON.stringify(item)).join("\n") + "\n";
}

await requireTool("tmux", "apt-get install tmux");
await requireTool("asciinema", "apt-get install asciinema");
await requireTool("npx", "install Node.js (Debian: apt-get install npm)");

const work = await Deno.makeTempDir({ prefix: "chat_demo_" });
const tmux = new Tmux(`${work}/tmux.sock`, `${work}/tmux.conf`);
let server: ServerProcess | undefined;
try {
  console.log("demo: bundling chat-server and chat-tui");
  await Deno.mkdir(`${work}/bin`);
  for (const program of ["chat-server", "chat-tui"] as const) {
    await bundleProgram(program, `${work}/${program}.js`);
  }
  const tui = bundleLaunch("chat-tui", `${work}/chat-tui.js`);
  await Deno.writeTextFile(
    `${work}/bin/chat-tui`,
    `#!/bin/sh\nexec '${tui.path}' ${tui.args.map((a) => `'${a}'`).join(" ")} "$@"\n`,
    { mode: 0o755 },
  );

  const port = freePort();
  const serverLaunch = bundleLaunch("chat-server", `${work}/chat-server.js`);
  const startServer = () =>
    spawnServer({
      port,
      // The recording's data lives and goes with `work`.
      home: { dataDir: `${work}/data`, env: {}, close: () => Promise.resolve() },
      command: { path: serverLaunch.path, args: [...serverLaunch.args], cwd: work },
      readyTimeoutMs: 90_000,
    });
  console.log("demo: starting the server");
  server = await startServer();
  const serverUrl = server.url;

  console.log("demo: registering alice and bob with chat-tui");
  const setup = (user: string, args: string[], stdin?: string) =>
    runProgram(tui, ["--server", serverUrl, ...args], {
      cwd: work,
      env: { XDG_CONFIG_HOME: `${work}/setup_${user}` },
      ...(stdin === undefined ? {} : { stdin }),
    }).then((run) => {
      if (run.code !== 0) throw new Error(`chat-tui ${args.join(" ")}: ${run.stderr}`);
    });
  await setup("alice", ["register", "-u", "alice", "--password-stdin"], `${PASSWORDS.alice}\n`);
  await setup("bob", ["register", "-u", "bob", "--password-stdin"], `${PASSWORDS.bob}\n`);
  await setup("alice", ["create", "general", "--topic", "Anything goes"]);
  await setup("alice", ["create", "random", "--topic", "Off topic"]);
  await setup("alice", ["invite", "random", "bob"]);

  await Deno.writeTextFile(tmux.config, TMUX_CONFIG);
  await Deno.writeTextFile(`${work}/bashrc`, bashrc(work));
  const size = ["-x", String(COLUMNS), "-y", String(ROWS)];
  await tmux.run(
    "new-session",
    "-d",
    "-s",
    "demo",
    ...size,
    ...paneShell(work, "alice", serverUrl),
  );
  await tmux.run("split-window", "-h", "-t", "demo", ...paneShell(work, "bob", serverUrl));
  await tmux.run("set", "-p", "-t", "demo:0.0", "@name", "alice");
  await tmux.run("set", "-p", "-t", "demo:0.1", "@name", "bob");
  const alice = new Pane(tmux, "demo:0.0");
  const bob = new Pane(tmux, "demo:0.1");
  await Promise.all([alice.waitFor(/alice\$/), bob.waitFor(/bob\$/)]);

  console.log(`demo: recording ${COLUMNS}×${ROWS}`);
  await Deno.mkdir(DOCS, { recursive: true });
  const castPath = new URL("demo.cast", DOCS).pathname;
  const env = Deno.env.toObject();
  delete env.TMUX;
  const recorder = new Deno.Command("asciinema", {
    args: [
      "rec",
      "--quiet",
      "--overwrite",
      `--cols=${COLUMNS}`,
      `--rows=${ROWS}`,
      "--idle-time-limit=1.5",
      `--command=tmux -S ${tmux.socket} -f ${tmux.config} attach -t demo`,
      castPath,
    ],
    env: { ...env, TERM: "xterm-256color" },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  while (!(await tmux.run("list-clients")).trim()) await new Promise((r) => setTimeout(r, 50));

  await playScenes({
    tmux,
    alice,
    bob,
    passwords: PASSWORDS,
    async restartServer(downMs) {
      server!.kill("SIGTERM");
      await server!.status;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startServer();
    },
  });

  await tmux.run("detach-client", "-s", "demo");
  const recorded = await recorder.output();
  if (!recorded.success) {
    throw new Error(`asciinema failed: ${new TextDecoder().decode(recorded.stderr)}`);
  }
  await Deno.writeTextFile(castPath, tidyCast(await Deno.readTextFile(castPath)));

  console.log("demo: rendering docs/demo.svg");
  const svgPath = new URL("demo.svg", DOCS).pathname;
  const rendered = await new Deno.Command("npx", {
    args: ["-y", SVG_TERM, "--in", castPath, "--out", svgPath, "--window", "--no-cursor"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!rendered.success) throw new Error(`${SVG_TERM} failed`);
  for (const path of [castPath, svgPath]) {
    console.log(`demo: ${path} (${((await Deno.stat(path)).size / 1e3).toFixed(0)} kB)`);
  }
} finally {
  server?.kill("SIGTERM");
  await server?.status;
  await tmux.run("kill-server").catch(() => {});
  await Deno.remove(work, { recursive: true });
}
