import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CredentialsFileError,
  CredentialStore,
  defaultCredentialsDir,
  type ServerCredentials,
} from "./credentials.ts";

const entry: ServerCredentials = {
  username: "alice",
  user_id: "65f85102-f856-4a99-ba60-cfbf62344b0c",
  access_token: "access",
  refresh_token: "refresh",
  access_expires_at: 1_800_000_000_000,
};

async function withStore(fn: (store: CredentialStore, root: string) => Promise<void>) {
  const root = await Deno.makeTempDir();
  try {
    await fn(new CredentialStore(join(root, "chat-tui")), root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("defaultCredentialsDir() follows XDG_CONFIG_HOME, else ~/.config", () => {
  const saved = { xdg: Deno.env.get("XDG_CONFIG_HOME"), home: Deno.env.get("HOME") };
  try {
    Deno.env.set("XDG_CONFIG_HOME", "/tmp/xdg");
    assert.equal(defaultCredentialsDir(), join("/tmp/xdg", "chat-tui"));
    Deno.env.delete("XDG_CONFIG_HOME");
    Deno.env.set("HOME", "/home/alice");
    assert.equal(defaultCredentialsDir(), join("/home/alice", ".config", "chat-tui"));
  } finally {
    for (const [name, value] of [["XDG_CONFIG_HOME", saved.xdg], ["HOME", saved.home]]) {
      if (value === undefined) Deno.env.delete(name!);
      else Deno.env.set(name!, value);
    }
  }
});

Deno.test("CredentialStore keeps one entry per normalised server URL", async () => {
  await withStore(async (store) => {
    assert.equal(await store.get("http://localhost:8080"), undefined);
    await store.save("http://LOCALHOST:8080/", entry);
    await store.save("https://chat.example.com", { ...entry, username: "bob" });
    assert.deepEqual(await store.get("http://localhost:8080"), entry);
    assert.equal((await store.get("https://chat.example.com/"))?.username, "bob");
    const file = JSON.parse(await Deno.readTextFile(store.path));
    assert.deepEqual(Object.keys(file.servers), [
      "http://localhost:8080",
      "https://chat.example.com",
    ]);
  });
});

Deno.test("CredentialStore writes the file 0600 in a 0700 folder, without leftovers", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await withStore(async (store) => {
    await store.save("http://localhost:8080", entry);
    await store.save("http://localhost:8080", { ...entry, refresh_token: "rotated" });
    assert.equal((await Deno.stat(store.path)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(store.dir)).mode! & 0o777, 0o700);
    const names = [];
    for await (const f of Deno.readDir(store.dir)) names.push(f.name);
    assert.deepEqual(names, ["credentials.json"]);
  });
});

Deno.test("CredentialStore remembers the last room and removes entries", async () => {
  await withStore(async (store) => {
    const roomId = "0b6f5191-0eb4-483b-a72f-f39c4f983127";
    await store.setLastRoom("http://localhost:8080", roomId);
    assert.equal(await store.get("http://localhost:8080"), undefined, "no entry, nothing saved");
    await store.save("http://localhost:8080", entry);
    await store.setLastRoom("http://localhost:8080/", roomId);
    assert.equal((await store.get("http://localhost:8080"))?.last_room_id, roomId);
    assert.equal(await store.remove("http://localhost:8080"), true);
    assert.equal(await store.remove("http://localhost:8080"), false);
    assert.equal(await store.get("http://localhost:8080"), undefined);
  });
});

Deno.test("CredentialStore reports a corrupt file clearly", async () => {
  await withStore(async (store) => {
    await Deno.mkdir(store.dir, { recursive: true });
    await Deno.writeTextFile(store.path, "{not json");
    await assert.rejects(
      () => store.get("http://localhost:8080"),
      (err: Error) =>
        err instanceof CredentialsFileError && err.message.includes(store.path) &&
        /is corrupt: not JSON .*: delete it and log in again$/.test(err.message),
    );
    await Deno.writeTextFile(
      store.path,
      JSON.stringify({ version: 1, servers: { "http://x": { ...entry, user_id: 7 } } }),
    );
    await assert.rejects(
      () => store.save("http://localhost:8080", entry),
      /is corrupt: servers\.http:\/\/x\.user_id: .*: delete it and log in again$/,
    );
  });
});
