/**
 * Access tokens: HS256 JSON Web Tokens (RFC 7519, algorithm from RFC 7518 §3.2) carrying
 * `sub` (user id), `username`, `sid` (session id), `iat` and `exp`.
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { ChatError, type UserRef } from "../../shared/mod.ts";

/** What an access token says: its user and session. */
export interface AccessClaims {
  user: UserRef;
  sessionId: string;
}

/** Signs and verifies access tokens. */
export interface AccessTokens {
  /** Lifetime of a new token, in seconds. */
  readonly ttlSeconds: number;
  /** A signed token for `user` in session `sessionId`, valid for {@linkcode ttlSeconds}. */
  sign(user: UserRef, sessionId: string): Promise<string>;
  /**
   * The user and session a token was issued to.
   * @throws {ChatError} `token_expired` past `exp`, `unauthorized` for any other defect
   * (a token without `sid` included)
   */
  verify(token: string): Promise<AccessClaims>;
}

/** Creates the signer; `secret` should carry at least 256 bits of entropy (RFC 7518 §3.2). */
export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const key = new TextEncoder().encode(secret);
  return {
    ttlSeconds,
    async sign(user, sessionId) {
      return await new SignJWT({ username: user.username, sid: sessionId })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
        const { sub, username, sid } = payload;
        if (typeof sub !== "string" || typeof username !== "string" || typeof sid !== "string") {
          throw new ChatError("unauthorized", "Access token lacks sub, username or sid");
        }
        return { user: { id: sub, username }, sessionId: sid };
      } catch (err) {
        if (err instanceof ChatError) throw err;
        if (err instanceof errors.JWTExpired) {
          throw new ChatError("token_expired", "Access token has expired: refresh it");
        }
        throw new ChatError("unauthorized", "Access token is invalid");
      }
    },
  };
}
