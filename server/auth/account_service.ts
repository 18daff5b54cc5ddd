/**
 * The account lifecycle (issue 13): my sessions (list, revoke one), changing my password, which
 * ends every other session, and deleting my account.
 *
 * @module
 */
import { ChatError, type SessionInfo, type User } from "../../shared/mod.ts";
import type { MessageService } from "../messages/message_service.ts";
import type { RoomService } from "../rooms/room_service.ts";
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
  rooms: RoomService;
  messages: Pick<MessageService, "eraseAuthor">;
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
  /**
   * Deletes my account after checking my password (throttled as a login from `client`), in this
   * order: every session is revoked (tokens refused, sockets closed with 4401 on every instance);
   * the account is marked deleted (shown as `deleted user` from then on, in every event below
   * too; its username free, no password matches); the public and private rooms where I am alone
   * are deleted; my messages become tombstones and my reactions go
   * (`MessageService.eraseAuthor`, one event each); I leave my other public and private rooms,
   * an owned one passing to its longest-standing member (`RoomService.leave`). Direct rooms are
   * kept for the peer, with my messages as tombstones. Not one transaction: a failure midway
   * (the database gone) leaves the rest undone and is logged by the error handler.
   * @throws {ChatError} `invalid_credentials` or `rate_limited`
   */
  deleteAccount(user: User, password: string, client: ClientInfo): Promise<void>;
}

/** Creates the account service. */
export function createAccountService(
  { store, hasher, auth, revoker, rooms, messages }: AccountServiceDeps,
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
    async deleteAccount(user, password, client) {
      await auth.checkPassword(user, password, client);
      await revoker.revokeAllBut(user.id, null);
      await store.users.markDeleted(user.id);
      const shared: string[] = [];
      for (const { roomId } of await store.rooms.roomsOf(user.id)) {
        const { room } = await rooms.visible(user.id, roomId);
        if (room.kind === "direct") continue;
        if ((await store.rooms.memberIds(roomId)).length === 1) {
          await rooms.delete(user.id, roomId);
        } else {
          shared.push(roomId);
        }
      }
      await messages.eraseAuthor(user.id);
      for (const roomId of shared) await rooms.leave(user, roomId);
    },
  };
}
