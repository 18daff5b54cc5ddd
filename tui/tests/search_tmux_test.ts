/**
 * Issue 14 in a real terminal: a mention of bob in a room he is not looking at rings the bell
 * (tmux's `window_bell_flag`), a plain message there does not, and `/search` opens a results
 * view whose Enter jumps to the message in its room, older than the page history shows first.
 *
 * @module
 */
import assert from "node:assert/strict";
import { api, signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { until } from "../../server/testing/within.ts";
import { login, Tmux } from "./tmux.ts";

Deno.test("chat-tui in tmux: a mention elsewhere rings the bell; /search jumps to the message", async (t) => {
  const server = await startTestServer();
  const tmux = await Tmux.create();
  const home = await Deno.makeTempDir();
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    const rooms: Record<string, string> = {};
    for (const name of ["general", "ops"]) {
      const created = await api(server.url, "POST", "/rooms", { name }, alice.access_token);
      rooms[name] = created.body.room.id;
      await api(server.url, "POST", `/rooms/${rooms[name]}/join`, undefined, bob.access_token);
    }
    const post = async (room: string, text: string) => {
      const body = { text, client_msg_id: crypto.randomUUID() };
      const res = await api(
        server.url,
        "POST",
        `/rooms/${rooms[room]}/messages`,
        body,
        alice.access_token,
      );
      assert.equal(res.status, 201);
    };
    // The message to find, then more than a page of history after it.
    await post("ops", "the deploy key is in the vault");
    for (let i = 1; i <= 60; i++) await post("ops", `filler ${i}`);
    await login(server.url, "bob", home);
    const b = await tmux.open(
      "bob",
      [100, 30],
      { XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, CHAT_NOTIFY: "bell" },
      `--server ${server.url} join general`,
    );
    await b.waitFor(/#general[\s\S]*\[connected\]/, 20_000);
    const bellFlag = async () =>
      (await tmux.run("display", "-p", "-t", "bob", "#{window_bell_flag}")).trim();
    // Reading the rooms marks them read: the counts below are the new messages only.
    await b.waitFor(/#ops +61│/);

    await t.step(
      "a plain message elsewhere counts but does not ring at the default level",
      async () => {
        await post("ops", "just chatting");
        await b.waitFor(/#ops +62│/);
        assert.equal(await bellFlag(), "0");
      },
    );

    await t.step("a mention of bob in another room rings the bell and marks the room", async () => {
      await post("ops", "@bob can you rotate the key?");
      await b.waitFor(/#ops +@1│/);
      await until(async () => (await bellFlag()) === "1", 5_000, "the bell flag of bob's window");
    });

    await t.step(
      "/search lists hits; Enter opens the message in its room; Esc returns",
      async () => {
        await b.say("/search vault");
        await b.waitFor(
          /Search "vault": 1 result[\s\S]*#ops +alice +\d\d:\d\d +deploy key is in the vault/,
        );
        await b.key("Enter");
        const screen = await b.waitFor(
          /the deploy key is in the vault[\s\S]*filler 1\b[\s\S]*\[#ops\]/,
        );
        assert.doesNotMatch(screen, /Search "vault"/);
        await b.say("/search filler");
        await b.waitFor(/Search "filler": \d+ results/);
        await b.key("Escape");
        await b.waitFor(/the deploy key is in the vault/);
      },
    );
  } finally {
    await tmux.close();
    await server.close();
    await Deno.remove(home, { recursive: true });
  }
});
