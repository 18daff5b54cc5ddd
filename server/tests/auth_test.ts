import assert from "node:assert/strict";
import { TokenPair, User } from "../../shared/mod.ts";
import { api, type ApiResponse } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

/** Not the test server's default, so the test sees that the setting is used. */
const ACCESS_TOKEN_TTL = 1234;

/** The JSON of a JWT segment (base64url without padding). */
function decodeSegment(segment: string): Record<string, unknown> {
  const base64 = segment.replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
}

function assertRefreshInvalid(res: ApiResponse) {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "refresh_token_invalid");
}

Deno.test("accounts and sessions: register, login, refresh rotation, reuse, logout", async (t) => {
  const server = await startTestServer({ accessTokenTtl: ACCESS_TOKEN_TTL });
  const call = (method: string, path: string, body?: unknown, token?: string) =>
    api(server.url, method, path, body, token);
  const credentials = { username: "alice", password: "correct horse" };
  const login = async () => {
    const res = await call("POST", "/auth/login", credentials);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return TokenPair.parse(res.body);
  };
  const refresh = (refreshToken: string) =>
    call("POST", "/auth/refresh", { refresh_token: refreshToken });

  try {
    let user: User;

    await t.step("register → login → /me names the same user", async () => {
      const registered = await call("POST", "/auth/register", credentials);
      assert.equal(registered.status, 201);
      user = User.parse(registered.body.user);
      assert.equal(user.username, "alice");
      assert.equal("password" in registered.body.user, false);
      const pair = await login();
      assert.equal(pair.token_type, "Bearer");
      assert.deepEqual(pair.user, user);
      const me = await call("GET", "/me", undefined, pair.access_token);
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, { user });
    });

    await t.step("the access token is an HS256 JWT with sub, username, iat and exp", async () => {
      const before = Math.floor(Date.now() / 1000);
      const pair = await login();
      const segments = pair.access_token.split(".");
      assert.equal(segments.length, 3);
      assert.equal(decodeSegment(segments[0]!).alg, "HS256");
      const payload = decodeSegment(segments[1]!);
      assert.equal(payload.sub, user.id);
      assert.equal(payload.username, "alice");
      assert.equal(typeof payload.iat, "number");
      assert.ok((payload.iat as number) >= before && (payload.iat as number) <= before + 5);
      assert.equal(payload.exp, (payload.iat as number) + ACCESS_TOKEN_TTL);
      assert.equal(pair.expires_in, ACCESS_TOKEN_TTL);
    });

    await t.step("a token whose payload was changed is refused", async () => {
      const pair = await login();
      const [header, payload, signature] = pair.access_token.split(".");
      const forged = { ...decodeSegment(payload!), username: "mallory" };
      const forgedPayload = btoa(JSON.stringify(forged)).replaceAll("=", "")
        .replaceAll("+", "-").replaceAll("/", "_");
      const res = await call("GET", "/me", undefined, `${header}.${forgedPayload}.${signature}`);
      assert.deepEqual([res.status, res.body.error.code], [401, "unauthorized"]);
    });

    await t.step(
      "refresh rotates: a new pair, and the old refresh token no longer works",
      async () => {
        const first = await login();
        const rotated = await refresh(first.refresh_token);
        assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
        const second = TokenPair.parse(rotated.body);
        assert.notEqual(second.refresh_token, first.refresh_token);
        assert.deepEqual(second.user, user);
        assert.equal(second.expires_in, ACCESS_TOKEN_TTL);
        const me = await call("GET", "/me", undefined, second.access_token);
        assert.equal(me.body.user.id, user.id);
        assertRefreshInvalid(await refresh(first.refresh_token));
      },
    );

    await t.step("reusing a rotated refresh token revokes its whole family", async () => {
      const first = await login();
      const other = await login();
      const second = TokenPair.parse((await refresh(first.refresh_token)).body);
      const third = TokenPair.parse((await refresh(second.refresh_token)).body);
      // A thief replays a token that was already exchanged…
      assertRefreshInvalid(await refresh(second.refresh_token));
      // …and from then on the newest token of that family is dead too.
      assertRefreshInvalid(await refresh(third.refresh_token));
      assertRefreshInvalid(await refresh(first.refresh_token));
      // Another login is another family, untouched.
      assert.equal((await refresh(other.refresh_token)).status, 200);
    });

    await t.step(
      "logout answers 204 and kills the refresh token; a second logout is 401",
      async () => {
        const pair = await login();
        const rotated = TokenPair.parse((await refresh(pair.refresh_token)).body);
        const out = await call("POST", "/auth/logout", { refresh_token: rotated.refresh_token });
        assert.equal(out.status, 204);
        assert.equal(out.body, null);
        assertRefreshInvalid(await refresh(rotated.refresh_token));
        assertRefreshInvalid(
          await call("POST", "/auth/logout", {
            refresh_token: rotated.refresh_token,
          }),
        );
      },
    );

    await t.step("usernames match exactly and passwords may be 8 to 128 characters", async () => {
      const upper = await call("POST", "/auth/login", { ...credentials, username: "ALICE" });
      assert.equal(upper.status, 401);
      const register = await call("POST", "/auth/register", {
        username: "alice2",
        password: "x".repeat(128),
      });
      assert.equal(register.status, 201, "a 128-character password is allowed");
      const tooLong = await call("POST", "/auth/register", {
        username: "alice3",
        password: "x".repeat(129),
      });
      assert.deepEqual([tooLong.status, tooLong.body.error.code], [400, "invalid_request"]);
    });
  } finally {
    await server.close();
  }
});
