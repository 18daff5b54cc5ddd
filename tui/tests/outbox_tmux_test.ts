/**
 * The outbox end to end, in tmux: a line refused by the rate limit is kept when alice quits,
 * stays on disk (mode 0600), shows as pending when she opens the chat again, and is then sent
 * once, by itself, after the server's Retry-After.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Message } from "../../shared/mod.ts";
import { api, signUp } from "../../server/testing/test_client.ts";
import { startTestServer } from "../../server/testing/test_server.ts";
import { login, Tmux } from "./tmux.ts";

Deno.test("chat-tui in tmux: an unsent line survives quitting and is sent once next time", async () => {
  // Two sends per 8 s and one more per minute: the fourth line in a row waits about 8 s.
  const server = await startTestServer({
    rateLimits: { wsSend: { points: 2, seconds: 8 }, wsBurst: { points: 1, seconds: 60 } },
  });
  const tmux = await Tmux.create();
  const home = await Deno.makeTempDir();
  try {
    const alice = await signUp(server.url, "alice");
    const created = await api(
      server.url,
      "POST",
      "/rooms",
      { name: "general" },
      alice.access_token,
    );
    const roomId = created.body.room.id;
    await login(server.url, "alice", home);
    const env = { XDG_CONFIG_HOME: home, XDG_STATE_HOME: home };
    const args = `--server ${server.url} join general`;

    const first = await tmux.open("first", [80, 24], env, args);
    await first.waitFor(/\[connected\]/);
    for (const text of ["one", "two", "three", "four"]) await first.say(text);
    await first.waitFor(/four \(rate limited: will retry\)/);
    await first.key("C-c");
    await first.waitFor(/not sent yet: quit again within 5 s to leave/);
    await first.key("C-c");
    const exit = await first.waitFor(/EXITED/);
    assert.match(exit, /unsent messages? (is|are) kept in/);

    const dir = join(home, "chat-tui", "outbox");
    const [file] = [...Deno.readDirSync(dir)].map((e) => join(dir, e.name));
    assert.equal(Deno.statSync(file!).mode! & 0o777, 0o600);
    const kept = JSON.parse(Deno.readTextFileSync(file!)).entries.map((e: Message) => e.text);
    assert.ok(kept.includes("four"), `kept: ${kept}`);

    const second = await tmux.open("second", [80, 24], env, args);
    await second.waitFor(/four \((sending…|rate limited: will retry)\)|alice │ four/);
    await second.waitFor(/alice │ four\s*\n(?![\s\S]*four \()/, 30_000);
    const history = await api(
      server.url,
      "GET",
      `/rooms/${roomId}/messages`,
      undefined,
      alice.access_token,
    );
    const texts = history.body.messages.map((m: Message) => m.text);
    assert.deepEqual(texts, ["one", "two", "three", "four"], "each line stored once");
    assert.deepEqual(JSON.parse(Deno.readTextFileSync(file!)).entries, []);
  } finally {
    await tmux.close();
    await server.close();
    await Deno.remove(home, { recursive: true });
  }
});
