import { SignJWT } from "jose";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestServer } from "../../server/testing/test_server.ts";
import { signUp } from "../../server/testing/test_client.ts";
import type { TokenPair } from "../../shared/mod.ts";
import { ApiClient } from "./api_client.ts";
import { CredentialStore } from "./credentials.ts";
import { Session, SessionExpiredError } from "./session.ts";

// One server for all steps (starting one takes seconds); each step signs up its own user and
// keeps its own credentials folder.
Deno.test("Session", async (t) => {
  const server = await startTestServer({ accessTokenTtl: 3 });
  const root = await Deno.makeTempDir();
  const client = new ApiClient({ baseUrl: server.url });
  let refreshes = 0;
  const auth = {
    refresh(token: string) {
      refreshes++;
      return client.refresh(token);
    },
    logout: (token: string) => client.logout(token),
  };
  // Access tokens live 3 s on this server, for the step that renews one within its margin. The
  // steps stop the session's clock so that it never thinks a token is due for renewal unless told.
  const options = { auth, now: () => 0, refreshMarginMs: 0 };
  const begin = async (
    username: string,
    overrides: Partial<typeof options> = {},
    edit: (pair: TokenPair) => Promise<TokenPair> = (pair) => Promise.resolve(pair),
  ) => {
    refreshes = 0;
    const store = new CredentialStore(join(root, username));
    const pair = await edit(await signUp(server.url, username));
    const session = await Session.start(store, server.url, pair, { ...options, ...overrides });
    return { store, pair, session };
  };

  try {
    await t.step("concurrent refreshes share one request; the rotated pair is saved", async () => {
      const { store, pair, session } = await begin("concurrent");
      const tokens = await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
      assert.equal(refreshes, 1);
      assert.equal(new Set(tokens).size, 1);
      const saved = await store.get(server.url);
      assert.notEqual(saved?.refresh_token, pair.refresh_token);
      assert.equal(saved?.access_token, session.accessToken());
      // The saved refresh token is the live one: another rotation works.
      await session.refresh();
      assert.equal(refreshes, 2);
    });

    await t.step("freshAccessToken() refreshes within the margin before expiry only", async () => {
      let clock = 0;
      const { store, pair, session } = await begin("proactive", {
        now: () => clock,
        refreshMarginMs: 400,
      });
      clock = 2_500; // 500 ms left of 3 s
      assert.equal(await session.freshAccessToken(), pair.access_token);
      assert.equal(refreshes, 0);
      clock = 2_700; // 300 ms left: inside the margin
      await session.freshAccessToken();
      assert.equal(refreshes, 1);
      assert.notEqual((await store.get(server.url))?.refresh_token, pair.refresh_token);
    });

    await t.step("the API client refreshes an expired access token and retries", async () => {
      // The session holds an access token the server signed, a minute past its exp (made here, so
      // that the test does not wait for a real one to expire); the refresh token is the real one.
      const { session } = await begin("reactive", {}, async (pair) => {
        const issuedAt = Math.floor(Date.now() / 1000) - 120;
        const expired = await new SignJWT({ username: pair.user.username })
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .setSubject(pair.user.id)
          .setIssuedAt(issuedAt)
          .setExpirationTime(issuedAt + 60)
          .sign(new TextEncoder().encode(server.jwtSecret));
        return { ...pair, access_token: expired };
      });
      const api = new ApiClient({ baseUrl: server.url, tokens: session });
      assert.equal((await api.me()).username, "reactive");
      assert.equal(refreshes, 1);
    });

    await t.step("a refused refresh token throws SessionExpiredError", async () => {
      const { pair, session } = await begin("expired");
      await client.logout(pair.refresh_token); // as if logged out from another terminal
      await assert.rejects(() => session.refresh(), (err: Error) => {
        assert.ok(err instanceof SessionExpiredError);
        assert.equal(err.message, "session expired: run chat-tui login");
        assert.equal(err.code, "refresh_token_invalid");
        return true;
      });
    });

    await t.step("takes over tokens another process rotated instead of reusing", async () => {
      const { store } = await begin("twoprocs");
      const first = (await Session.load(store, server.url, options))!;
      const second = (await Session.load(store, server.url, options))!;
      await first.refresh();
      await second.refresh(); // adopts first's pair; sending its own spent token would revoke all
      assert.equal(second.accessToken(), first.accessToken());
      assert.equal(refreshes, 1);
      await second.refresh();
      assert.equal(refreshes, 2, "the login survived");
    });

    await t.step("refreshing keeps the remembered room", async () => {
      const { store, session } = await begin("lastroom");
      const roomId = crypto.randomUUID();
      await store.setLastRoom(server.url, roomId);
      await session.refresh();
      assert.equal((await store.get(server.url))?.last_room_id, roomId);
    });

    await t.step("logout revokes the login on the server and forgets it locally", async () => {
      const { store, pair, session } = await begin("leaving");
      await session.logout();
      assert.equal(await store.get(server.url), undefined);
      await assert.rejects(
        () => client.refresh(pair.refresh_token),
        (err: Error & { code?: string }) => err.code === "refresh_token_invalid",
      );
    });
  } finally {
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
});
