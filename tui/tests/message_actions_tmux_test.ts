/**
 * End to end in a real terminal: acting on messages. alice and bob in two `chat-tui join
 * general` sessions in tmux react, reply, edit, open a thread and delete, each seeing the other's
 * changes arrive as events. Assertions read the screens with `tmux capture-pane`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { api, signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { login, Tmux } from "./tmux.ts";

Deno.test("chat-tui in tmux: a reaction, a reply, an edit, a thread and a delete", async (t) => {
  const server = await startTestServer();
  const tmux = await Tmux.create();
  const homes: string[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const created = await api(
      server.url,
      "POST",
      "/rooms",
      { name: "general" },
      alice.access_token,
    );
    assert.equal(created.status, 201);
    const roomPath = `/rooms/${created.body.room.id}`;
    await api(server.url, "POST", `${roomPath}/join`, undefined, bob.access_token);
    for (const _ of [alice, bob]) homes.push(await Deno.makeTempDir());
    const [aliceHome, bobHome] = homes as [string, string];
    await Promise.all([login(server.url, "alice", aliceHome), login(server.url, "bob", bobHome)]);
    const open = (name: string, home: string) =>
      tmux.open(
        name,
        [100, 30],
        { XDG_CONFIG_HOME: home, XDG_STATE_HOME: home },
        `--server ${server.url} join general`,
      );
    const a = await open("alice", aliceHome);
    const b = await open("bob", bobHome);
    await Promise.all([a, b].map((p) => p.waitFor(/#general[\s\S]*\[connected\]/, 20_000)));
    await b.say("lunch at noon?");
    await a.waitFor(/bob │ lunch at noon\?/);

    await t.step("alice selects bob's message and reacts with :tada: and Tab", async () => {
      await a.key("M-s");
      await a.waitFor(/bob > lunch at noon\?/);
      await a.key("+");
      await a.waitFor(/\[react :\]/);
      await a.type(":tad");
      await a.key("Tab");
      await a.waitFor(/\[react :\] 🎉/);
      await a.key("Enter");
      await a.waitFor(/lunch at noon\?\s*\n.*│ \[🎉 1\]/);
      await b.waitFor(/lunch at noon\?\s*\n.*│ 🎉 1/);
    });

    await t.step("alice replies quoting it; bob edits it and the quote follows", async () => {
      await a.key("M-s");
      await a.waitFor(/bob > lunch at noon\?/);
      await a.key("r");
      await a.waitFor(/\[reply to bob\]/);
      await a.say("count me in");
      await b.waitFor(/│ ↪ bob: lunch at noon\?\s*\n.*alice │ count me in/);
      await b.say("/edit lunch at one?");
      await a.waitFor(/bob │ lunch at one\? \(edited\)/);
      await a.waitFor(/│ ↪ bob: lunch at one\?\s*\n.*alice │ count me in/);
    });

    await t.step("bob opens the thread of his message and answers there", async () => {
      await b.key("M-s");
      await b.waitFor(/alice > count me in/);
      await b.key("k");
      await b.waitFor(/bob > lunch at one\?/);
      await b.key("t");
      await b.waitFor(/› thread \(Esc returns\)[\s\S]*\[#general thread\]/);
      await b.say("where?");
      await b.waitFor(/bob │ where\?/);
      await a.waitFor(/lunch at one\? \(edited\)[\s\S]*│ └ 1 reply/);
      const screen = await a.capture();
      assert.doesNotMatch(screen, /where\?/, "a thread reply stays out of the timeline");
      await b.key("Escape");
      await b.waitFor(/#general —|#general +\d+ members/);
    });

    await t.step("alice deletes her reply after saying y", async () => {
      await a.say("/delete");
      await a.waitFor(/Delete alice's message "count me in"\? y deletes it/);
      await a.key("y");
      await b.waitFor(/alice │ message deleted/);
      const screen = await b.capture();
      assert.doesNotMatch(screen, /count me in/);
    });
  } finally {
    await tmux.close();
    await server.close();
    for (const dir of homes) await Deno.remove(dir, { recursive: true });
  }
});
