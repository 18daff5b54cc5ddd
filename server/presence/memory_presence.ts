/**
 * {@linkcode Presence} in this process, for embedded mode.
 *
 * @module
 */
import type { Presence } from "./presence.ts";

/**
 * @param ttlMs how long a connection counts as alive without a heartbeat
 * @param now the clock, in epoch ms
 */
export function createMemoryPresence(ttlMs: number, now: () => number = Date.now): Presence {
  /** user id → connection id → expiry (epoch ms) */
  const users = new Map<string, Map<string, number>>();

  function live(userId: string): Map<string, number> | undefined {
    const conns = users.get(userId);
    if (!conns) return undefined;
    const t = now();
    for (const [id, expiry] of conns) if (expiry <= t) conns.delete(id);
    return conns;
  }

  return {
    connect({ userId, connectionId }) {
      let conns = live(userId);
      const wasOffline = !conns || conns.size === 0;
      if (!conns) users.set(userId, conns = new Map());
      conns.set(connectionId, now() + ttlMs);
      return Promise.resolve(wasOffline);
    },
    disconnect({ userId, connectionId }) {
      const conns = live(userId);
      if (!conns?.delete(connectionId)) return Promise.resolve(false);
      if (conns.size > 0) return Promise.resolve(false);
      users.delete(userId);
      return Promise.resolve(true);
    },
    heartbeat(entries) {
      for (const { userId, connectionId } of entries) {
        users.get(userId)?.set(connectionId, now() + ttlMs);
      }
      return Promise.resolve();
    },
    online(userIds) {
      return Promise.resolve(new Set(userIds.filter((id) => (live(id)?.size ?? 0) > 0)));
    },
    sweep() {
      const gone: string[] = [];
      for (const userId of [...users.keys()]) {
        if (live(userId)!.size === 0) {
          users.delete(userId);
          gone.push(userId);
        }
      }
      return Promise.resolve(gone);
    },
  };
}
