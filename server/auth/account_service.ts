/**
 * The account lifecycle (issue 13): my sessions (list, revoke one) and changing my password,
 * which ends every other session.
 *
 * @module
 */
import { ChatError, type SessionInfo, type User } from "../../shared/mod.ts";
import type { Store } from "../store/store.ts";
import type { AuthService, ClientInfo } from "./auth_service.ts";
import type { PasswordHasher } from "./password_hasher.ts";
import type { SessionRevoker } from "./session_revoker.ts";

/** What the account service needs. */
export interface AccountServiceDeps {
  store: Store;
  hasher: PasswordHasher;
  auth: AuthService;
  revoker: SessionRevoker;
}

/** My sessions and my password. */
export interface AccountService {
  /** My live sessions, newest first; `current` marks `currentSessionId`. */
  sessions(userId: string, currentSessionId: string): Promise<SessionInfo[]>;
  /**
   * Revokes one of my sessions: its tokens are refused and its sockets closed with 4401.
   * @throws {ChatError} `session_not_found` when it is not one of my live sessions
   */
  revokeSession(userId: string, sessionId: string): Promise<void>;
  /**
   * Changes my password after checking the current one (throttled as a login from `client`),
   * then revokes every session but `currentSessionId`.
   * @throws {ChatError} `invalid_credentials` or `rate_limited`
   */
  changePassword(
    user: User,
    currentSessionId: string,
    passwords: { current: string; next: string },
    client: ClientInfo,
  ): Promise<void>;
}

/** Creates the account service. */
export function createAccountService(
  { store, hasher, auth, revoker }: AccountServiceDeps,
): AccountService {
  return {
    async sessions(userId, currentSessionId) {
      return (await store.sessions.list(userId)).map((s) => ({
        id: s.id,
        created_at: s.createdAt,
        last_used_at: s.lastUsedAt,
        user_agent: s.userAgent,
        ip: s.ip,
        current: s.id === currentSessionId,
      }));
    },
    async revokeSession(userId, sessionId) {
      if (!await revoker.revoke(sessionId, userId)) {
        throw new ChatError("session_not_found", `No live session "${sessionId}" of yours`);
      }
    },
    async changePassword(user, currentSessionId, { current, next }, client) {
      await auth.checkPassword(user, current, client);
      await store.users.setPasswordHash(user.id, await hasher.hash(next));
      await revoker.revokeAllBut(user.id, currentSessionId);
    },
  };
}
