/**
 * End to end in a real terminal: a server on an ephemeral port, alice and bob logged in through
 * the CLI, and two `chat-tui join general` sessions in tmux (100×30 and 80×24). Assertions read
 * the screens with `tmux capture-pane`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { api, signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { login, Tmux } from "./tmux.ts";

Deno.test("chat-tui in tmux: live messages, unread counts, /dm and a clean exit", async (t) => {
  const server = await startTestServer();
  const tmux = await Tmux.create();
  const tempDirs: string[] = [];
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

    const open = (name: string, size: [number, number], home: string) =>
      tmux.open(
        name,
        size,
        { XDG_CONFIG_HOME: home, XDG_STATE_HOME: home },
        `--server ${server.url} join general`,
      );
    const a = await open("alice", [100, 30], aliceHome);
    const b = await open("bob", [80, 24], bobHome);
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
      // bob is online: a green • before his direct room.
      await a.waitFor(/Direct[\s\S]*•bob +@1 *│/);
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
    await tmux.close();
    await server.close();
    for (const dir of tempDirs) await Deno.remove(dir, { recursive: true });
  }
});
