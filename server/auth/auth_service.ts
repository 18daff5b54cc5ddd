/**
 * Accounts and sessions: registration, login, refresh token rotation with reuse detection,
 * logout, and authentication of access tokens against their session.
 *
 * @module
 */
import { base64url } from "jose";
import {
  ChatError,
  CONTROL_CHARACTER,
  type Credentials,
  type TokenPair,
  type User,
} from "../../shared/mod.ts";
import type { RateLimits } from "../limits/rate_limits.ts";
import type { Store } from "../store/store.ts";
import type { AccessTokens } from "./access_tokens.ts";
import type { SessionRevoker } from "./session_revoker.ts";
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
  revoker: SessionRevoker;
}

/** Where a request comes from. */
export interface ClientInfo {
  /** The client's IP address (see `http/client_ip.ts`). */
  ip: string;
  /** The `User-Agent` header, or empty. */
  userAgent?: string;
}

/** An authenticated access token: its user and session. */
export interface Authenticated {
  user: User;
  sessionId: string;
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
  /**
   * Revokes the refresh token's session: its refresh and access tokens die, its sockets close.
   * @throws {ChatError} `refresh_token_invalid`
   */
  logout(refreshToken: string): Promise<void>;
  /**
   * The user and session of an access token, checked against the store: the user exists and the
   * session is not revoked.
   * @throws {ChatError} `unauthorized` (a revoked session included) or `token_expired`
   */
  authenticate(accessToken: string): Promise<Authenticated>;
  /**
   * Checks a user's password, with the same throttling as a login from `client`.
   * @throws {ChatError} `invalid_credentials` or `rate_limited`
   */
  checkPassword(user: User, password: string, client: ClientInfo): Promise<void>;
}

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, "g");

async function sha256(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return base64url.encode(new Uint8Array(digest));
}

/** Creates the auth service. */
export function createAuthService(
  { store, hasher, accessTokens, refreshTokenTtl, limits, revoker }: AuthServiceDeps,
): AuthService {
  // Compared against when the username is unknown, so both failures take as long.
  let decoyHash: Promise<string> | undefined;

  async function issue(user: User, familyId: string): Promise<TokenPair> {
    const refreshToken = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
    const expiresAt = new Date(Date.now() + refreshTokenTtl * 1000);
    await store.refreshTokens.insert(await sha256(refreshToken), familyId, user.id, expiresAt);
    return {
      access_token: await accessTokens.sign(user, familyId),
      refresh_token: refreshToken,
      token_type: "Bearer",
      expires_in: accessTokens.ttlSeconds,
      user,
    };
  }

  /**
   * The user whose password `password` is, with the login limits of `client`.
   * @throws {ChatError} `invalid_credentials` or `rate_limited`
   */
  async function verified(username: string, password: string, { ip }: ClientInfo) {
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
    return found.user;
  }

  const invalidRefresh = () =>
    new ChatError("refresh_token_invalid", "Refresh token is invalid, expired or revoked");

  return {
    async register({ username, password }, { ip }) {
      // Counted before the hash, which is what a flood of registrations would cost.
      await limits.register(ip);
      return await store.users.create(username, await hasher.hash(password));
    },
    async login(username, password, client) {
      const found = await verified(username, password, client);
      const sessionId = crypto.randomUUID();
      const userAgent = (client.userAgent ?? "").replace(CONTROL_CHARACTERS, "").slice(0, 256);
      await store.sessions.create(sessionId, found.id, { userAgent, ip: client.ip });
      return await issue(found, sessionId);
    },
    async checkPassword(user, password, client) {
      await verified(user.username, password, client);
    },
    async refresh(refreshToken) {
      const result = await store.refreshTokens.consume(await sha256(refreshToken));
      if (result.status === "reused") {
        await revoker.revoke(result.familyId);
        throw invalidRefresh();
      }
      if (result.status === "invalid") throw invalidRefresh();
      const user = await store.users.get(result.userId);
      if (!user) throw invalidRefresh();
      await store.sessions.touch(result.familyId);
      return await issue(user, result.familyId);
    },
    async logout(refreshToken) {
      const sessionId = await store.refreshTokens.familyOf(await sha256(refreshToken));
      if (sessionId === null || !await revoker.revoke(sessionId)) throw invalidRefresh();
    },
    async authenticate(accessToken) {
      const { user: ref, sessionId } = await accessTokens.verify(accessToken);
      const user = await store.sessions.userOf(ref.id, sessionId);
      if (!user) {
        throw new ChatError("unauthorized", "Access token's session is revoked or unknown");
      }
      return { user, sessionId };
    },
  };
}
