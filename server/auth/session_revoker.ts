/**
 * Revoking sessions: the store refuses their tokens from then on (access tokens are checked
 * against it on every request and `hello`), and an event on the user's bus channel makes every
 * instance close the sessions' WebSockets with 4401 at once (issue 13).
 *
 * @module
 */
import { type Bus, userChannel } from "../bus/bus.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../store/store.ts";

/** Revokes sessions and tells every instance. */
export interface SessionRevoker {
  /**
   * Revokes one live session; with `userId`, only when it is theirs.
   * @returns false when there was no such live session
   */
  revoke(sessionId: string, userId?: string): Promise<boolean>;
  /** Revokes every live session of the user but `keepId` (none kept when null). */
  revokeAllBut(userId: string, keepId: string | null): Promise<void>;
}

/** What {@linkcode createSessionRevoker} needs. */
export interface SessionRevokerDeps {
  store: Store;
  bus: Bus;
  logger: Logger;
}

/** A {@linkcode SessionRevoker}. */
export function createSessionRevoker({ store, bus, logger }: SessionRevokerDeps): SessionRevoker {
  // The revocation is stored first: a lost event (Redis down) leaves sockets open until they
  // reconnect or the bus recovers (the gateway then checks its sockets), never tokens working.
  async function announce(userId: string, sessionIds: string[]) {
    for (const sessionId of sessionIds) {
      await bus.publish(userChannel(userId), {
        kind: "session_revoked",
        user_id: userId,
        session_id: sessionId,
      }).catch((err) => logger.warn({ err: String(err), user_id: userId }, "publish failed"));
    }
  }
  return {
    async revoke(sessionId, userId) {
      const owner = await store.sessions.revoke(sessionId, userId);
      if (owner === null) return false;
      await announce(owner, [sessionId]);
      return true;
    },
    async revokeAllBut(userId, keepId) {
      await announce(userId, await store.sessions.revokeAllBut(userId, keepId));
    },
  };
}
