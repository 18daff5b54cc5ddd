/**
 * Access tokens: HS256 JSON Web Tokens (RFC 7519, algorithm from RFC 7518 §3.2) carrying
 * `sub` (user id), `username`, `iat` and `exp`.
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { ChatError, type UserRef } from "../../shared/mod.ts";

/** Signs and verifies access tokens. */
export interface AccessTokens {
  /** Lifetime of a new token, in seconds. */
  readonly ttlSeconds: number;
  /** A signed token for `user`, valid for {@linkcode ttlSeconds}. */
  sign(user: UserRef): Promise<string>;
  /**
   * The user a token was issued to.
   * @throws {ChatError} `token_expired` past `exp`, `unauthorized` for any other defect
   */
  verify(token: string): Promise<UserRef>;
}

/** Creates the signer; `secret` should carry at least 256 bits of entropy (RFC 7518 §3.2). */
export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const key = new TextEncoder().encode(secret);
  return {
    ttlSeconds,
    async sign(user) {
      return await new SignJWT({ username: user.username })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
        if (typeof payload.sub !== "string" || typeof payload.username !== "string") {
          throw new ChatError("unauthorized", "Access token lacks sub or username");
        }
        return { id: payload.sub, username: payload.username };
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
