import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeChatSocket } from "../tests/fake_chat_socket.ts";
import { user } from "../tests/fixtures.ts";
import { Outbox } from "./outbox.ts";
import { defaultOutboxDir, FileOutboxStore, type OutboxEntry, outboxPath } from "./outbox_file.ts";

const alice = user("alice");
const OFFLINE = { state: "reconnecting", attempt: 1, retryInMs: 1_000, retryAt: 0 } as const;
const line = (text: string) => ({
  room_id: "00000000-0000-4000-8000-00000000000a",
  text,
  kind: "text" as const,
});

Deno.test("defaultOutboxDir() is under XDG_STATE_HOME, else ~/.local/state, else refused", () => {
  const saved = {
    xdg: Deno.env.get("XDG_STATE_HOME"),
    home: Deno.env.get("HOME"),
    profile: Deno.env.get("USERPROFILE"),
  };
  try {
    Deno.env.set("XDG_STATE_HOME", "/tmp/state");
    assert.equal(defaultOutboxDir(), join("/tmp/state", "chat-tui", "outbox"));
    Deno.env.delete("XDG_STATE_HOME");
    Deno.env.set("HOME", "/home/alice");
    assert.equal(defaultOutboxDir(), "/home/alice/.local/state/chat-tui/outbox");
    Deno.env.delete("HOME");
    Deno.env.set("USERPROFILE", "/users/bob");
    assert.equal(defaultOutboxDir(), "/users/bob/.local/state/chat-tui/outbox");
    Deno.env.delete("USERPROFILE");
    assert.throws(() => defaultOutboxDir(), /set XDG_STATE_HOME/);
  } finally {
    if (saved.xdg === undefined) Deno.env.delete("XDG_STATE_HOME");
    else Deno.env.set("XDG_STATE_HOME", saved.xdg);
    if (saved.home !== undefined) Deno.env.set("HOME", saved.home);
    if (saved.profile !== undefined) Deno.env.set("USERPROFILE", saved.profile);
  }
});

Deno.test("FileOutboxStore writes a 0600 file in a 0700 folder that a new store reads", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = outboxPath("http://LOCALHOST:8080/", alice.id, join(dir, "outbox"));
    assert.equal(path, join(dir, "outbox", `localhost_8080-${alice.id}.json`));
    const store = new FileOutboxStore(path);
    const outbox = new Outbox({ socket: new FakeChatSocket(OFFLINE), store, userId: alice.id });
    outbox.submit(line("kept on disk"));
    assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
    assert.equal(Deno.statSync(join(dir, "outbox")).mode! & 0o777, 0o700);
    assert.deepEqual(new FileOutboxStore(path).load().map((e) => e.text), ["kept on disk"]);
    assert.match(
      Deno.readTextFileSync(path),
      /^\{\n {2}"version": 1,[\s\S]*\n\}\n$/,
      "indented, one final newline",
    );
    Deno.writeTextFileSync(path, "{ not json");
    assert.deepEqual(new FileOutboxStore(path).load(), [], "a corrupt file reads as empty");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outboxPath() names the file after the server without its scheme, one _ per run of symbols", () => {
  assert.equal(
    outboxPath("https://Chat.Example.com:8443", "u1", "/o"),
    "/o/chat_example_com_8443-u1.json",
  );
  assert.equal(outboxPath("http://[::1]:8080", "u1", "/o"), "/o/_1_8080-u1.json");
  assert.equal(outboxPath("http://httpserver", "u1", "/o"), "/o/httpserver-u1.json");
});

Deno.test("FileOutboxStore reads a file of another version or shape as empty, and fails on an unreadable one", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = join(dir, "outbox.json");
    Deno.writeTextFileSync(path, JSON.stringify({ version: 2, entries: [] }));
    assert.deepEqual(new FileOutboxStore(path).load(), []);
    const entry: OutboxEntry = {
      ...line("x"),
      client_msg_id: "00000000-0000-4000-8000-000000000001",
      created_at: "2026-01-01T00:00:00.000Z",
    };
    Deno.writeTextFileSync(path, JSON.stringify({ version: 1, entries: [entry] }));
    assert.deepEqual(new FileOutboxStore(path).load(), [entry]);
    assert.throws(() => new FileOutboxStore(dir).load(), "a folder is not a missing file");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("FileOutboxStore.update() keeps lines written by another store, and says which file it could not write", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = join(dir, "outbox.json");
    const entry = (n: number): OutboxEntry => ({
      ...line(`line ${n}`),
      client_msg_id: `00000000-0000-4000-8000-00000000000${n}`,
      created_at: "2026-01-01T00:00:00.000Z",
    });
    const [a, b] = [new FileOutboxStore(path), new FileOutboxStore(path)];
    a.update((e) => [...e, entry(1)]);
    b.update((e) => [...e, entry(2)]);
    assert.deepEqual(a.load().map((e) => e.text), ["line 1", "line 2"]);
    // The file's place taken by a folder while the lines are written: the rename fails.
    const raced = join(dir, "raced.json");
    assert.throws(
      () =>
        new FileOutboxStore(raced).update(() => {
          Deno.mkdirSync(raced);
          return [entry(3)];
        }),
      /Cannot save unsent messages to ".*raced.json"/,
    );
    Deno.removeSync(raced);
    // A dangling link reads as no file, and its folder cannot be made.
    Deno.symlinkSync(join(dir, "nowhere"), join(dir, "link"));
    assert.throws(
      () => new FileOutboxStore(join(dir, "link", "outbox.json")).update(() => [entry(3)]),
      /^Error: Cannot save unsent messages to ".*link\/outbox.json": File exists/,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["link", "outbox.json"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
