/**
 * What the demo shows, scene by scene: alice on the left, bob on the right. Every step waits for
 * the screen it leads to, and the pauses are fixed, so each recording tells the same story.
 *
 * @module
 */
import { type Pane, sleep, type Tmux } from "./_tmux.ts";

/** The cast of the demo and the one thing it does off screen. */
export interface Stage {
  tmux: Tmux;
  alice: Pane;
  bob: Pane;
  /** Their passwords, as registered. */
  passwords: { alice: string; bob: string };
  /** Stops the server with SIGTERM, waits `downMs`, starts it again on the same port and data. */
  restartServer(downMs: number): Promise<void>;
}

/** Pause after a line appears, for the viewer to read it. */
const READ_MS = 900;

/** Plays the demo on `stage`. */
export async function playScenes(stage: Stage): Promise<void> {
  const { tmux, alice, bob } = stage;

  await tmux.caption("1/6  alice and bob log in (their accounts were made with chat-tui register)");
  await sleep(1_000);
  await Promise.all([
    login(alice, "alice", stage.passwords.alice),
    sleep(600).then(() => login(bob, "bob", stage.passwords.bob)),
  ]);
  await sleep(READ_MS);

  await tmux.caption("2/6  both open #general; bob joins it");
  await alice.say("chat-tui join general");
  await alice.waitFor(/\[connected\]/);
  await bob.say("chat-tui join general");
  await bob.waitFor(/\[connected\]/);
  await sleep(READ_MS);

  await tmux.caption("3/6  a conversation: each side sees the other typing");
  await converse(alice, bob, "alice", "hi bob, welcome to #general");
  await converse(bob, alice, "bob", "thanks alice! is the deploy done?");
  await converse(alice, bob, "alice", "yes, v1.2 is live");
  await bob.say("/me cheers");
  await alice.waitFor(/\* │ bob cheers/);
  await sleep(READ_MS);

  await tmux.caption("4/6  alice posts in #random: bob's room list counts it as unread");
  await alice.key("C-n");
  await alice.waitFor(/\[#random\]/);
  await sleep(500);
  await alice.say("standup moves to 10:30 tomorrow");
  await bob.waitFor(/#random +1/);
  await sleep(READ_MS * 2);

  await tmux.caption("5/6  bob opens a direct room with /dm; alice jumps to it with Alt+A");
  await bob.say("/dm alice");
  await bob.waitFor(/\[@?alice\]|alice \(direct\)/);
  await bob.say("got a minute for the release notes?");
  await alice.waitFor(/bob +1/);
  await sleep(READ_MS);
  await alice.key("M-a");
  await alice.waitFor(/bob │ got a minute/);
  await sleep(500);
  await alice.say("sure, give me five");
  await bob.waitFor(/alice │ sure, give me five/);
  await sleep(READ_MS);

  await tmux.caption(
    "6/6  the server restarts mid-conversation: both reconnect and nothing is lost",
  );
  const restarted = stage.restartServer(1_000);
  await Promise.all([alice, bob].map((pane) => pane.waitFor(/\[(reconnecting|connecting)/)));
  await alice.say("did the restart eat anything?");
  await bob.say("let's see");
  await restarted;
  await Promise.all([alice, bob].map((pane) => pane.waitFor(/\[connected\]/, 30_000)));
  await bob.waitFor(/alice │ did the restart eat anything\?/);
  await alice.waitFor(/bob │ let's see/);
  await sleep(READ_MS);
  await bob.say("nope, all here");
  await alice.waitFor(/bob │ nope, all here/);
  await sleep(READ_MS);
  await bob.key("M-a");
  await bob.waitFor(/standup moves to 10:30/);
  await tmux.caption("chat-tui and chat-server  ·  recorded by deno task demo");
  await sleep(3_000);
}

/** `chat-tui login` at the shell prompt, answering its two questions. */
async function login(pane: Pane, username: string, password: string): Promise<void> {
  await pane.say("chat-tui login");
  await pane.waitFor(/Username/);
  await pane.say(username, 90);
  await pane.waitFor(/Password/);
  await pane.say(password, 70);
  await pane.waitFor(new RegExp(`logged in as ${username}`));
}

/** `from` types `text` while `to` shows that it is typing, then sends it and `to` gets it. */
async function converse(from: Pane, to: Pane, name: string, text: string): Promise<void> {
  const half = Math.ceil(text.length / 2);
  await from.type(text.slice(0, half), 60);
  await to.waitFor(new RegExp(`${name} is typing`));
  await from.say(text.slice(half), 60);
  await to.waitFor(new RegExp(`${name} │ ${text.replace(/[?.!]/g, "\\$&")}`));
  await sleep(READ_MS);
}
