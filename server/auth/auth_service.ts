/**
 * Accounts and sessions: registration, login, refresh token rotation with reuse detection,
 * logout, and authentication of access tokens.
 *
 * @module
 */
import { base64url } from "jose";
import { ChatError, type Credentials, type TokenPair, type User } from "../../shared/mod.ts";
import type { RateLimits } from "../limits/rate_limits.ts";
import type { Store } from "../store/store.ts";
import type { AccessTokens } from "./access_tokens.ts";
import type { PasswordHasher } from "./password_hasher.ts";

/** What the auth service needs. */
export interface AuthServiceDeps {
  store: Store;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  /** Lifetime of a refresh token, in seconds. */
  refreshTokenTtl: number;
  /** Registrations and logins per IP, and growing delays after failed logins. */
  limits: RateLimits;
}

/** Where a request comes from. */
export interface ClientInfo {
  /** The client's IP address (see `http/client_ip.ts`). */
  ip: string;
}

/** Accounts and sessions. */
export interface AuthService {
  /**
   * @throws {ChatError} `username_taken`, or `rate_limited` past RATE_LIMIT_REGISTER for the IP
   */
  register(credentials: Credentials, client: ClientInfo): Promise<User>;
  /**
   * Checks the password, with the throttling of `limits/login_throttle.ts`.
   * @throws {ChatError} `invalid_credentials`, the same for an unknown user and a bad password;
   * `rate_limited` past RATE_LIMIT_LOGIN_IP, or while failed logins of the username from the IP
   * make it wait
   */
  login(username: string, password: string, client: ClientInfo): Promise<TokenPair>;
  /**
   * Exchanges a refresh token for a new pair; the old token dies. Presenting a token that was
   * already exchanged revokes its whole family (every token issued from the same login).
   * @throws {ChatError} `refresh_token_invalid`
   */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes the refresh token's family. @throws {ChatError} `refresh_token_invalid` */
  logout(refreshToken: string): Promise<void>;
  /**
   * The user of an access token, checked against the store.
   * @throws {ChatError} `unauthorized` or `token_expired`
   */
  authenticate(accessToken: string): Promise<User>;
}

async function sha256(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return base64url.encode(new Uint8Array(digest));
}

/** Creates the auth service. */
export function createAuthService(
  { store, hasher, accessTokens, refreshTokenTtl, limits }: AuthServiceDeps,
): AuthService {
  // Compared against when the username is unknown, so both failures take as long.
  let decoyHash: Promise<string> | undefined;

  async function issue(user: User, familyId: string): Promise<TokenPair> {
    const refreshToken = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
    const expiresAt = new Date(Date.now() + refreshTokenTtl * 1000);
    await store.refreshTokens.insert(await sha256(refreshToken), familyId, user.id, expiresAt);
    return {
      access_token: await accessTokens.sign(user),
      refresh_token: refreshToken,
      token_type: "Bearer",
      expires_in: accessTokens.ttlSeconds,
      user,
    };
  }

  const invalidRefresh = () =>
    new ChatError("refresh_token_invalid", "Refresh token is invalid, expired or revoked");

  return {
    async register({ username, password }, { ip }) {
      // Counted before the hash, which is what a flood of registrations would cost.
      await limits.register(ip);
      return await store.users.create(username, await hasher.hash(password));
    },
    async login(username, password, { ip }) {
      await limits.loginIp(ip);
      await limits.loginFailures.check(username, ip);
      const found = await store.users.findCredentials(username);
      // Made only when first needed: a hash started and never awaited would reject unhandled
      // if the hasher closed (shutdown) while it ran.
      const hash = found?.passwordHash ?? await (decoyHash ??= hasher.hash("decoy password"));
      const ok = await hasher.verify(password, hash);
      if (!found || !ok) {
        await limits.loginFailures.failed(username, ip);
        throw new ChatError("invalid_credentials", "Wrong username or password");
      }
      await limits.loginFailures.succeeded(username, ip);
      return await issue(found.user, crypto.randomUUID());
    },
    async refresh(refreshToken) {
      const result = await store.refreshTokens.consume(await sha256(refreshToken));
      if (result.status === "reused") {
        await store.refreshTokens.revokeFamily(result.familyId);
        throw invalidRefresh();
      }
      if (result.status === "invalid") throw invalidRefresh();
      const user = await store.users.get(result.userId);
      if (!user) throw invalidRefresh();
      return await issue(user, result.familyId);
    },
    async logout(refreshToken) {
      if (!await store.refreshTokens.revokeFamilyOf(await sha256(refreshToken))) {
        throw invalidRefresh();
      }
    },
    async authenticate(accessToken) {
      const ref = await accessTokens.verify(accessToken);
      const user = await store.users.get(ref.id);
      if (!user) throw new ChatError("unauthorized", "Access token names an unknown user");
      return user;
    },
  };
}
