/**
 * {@linkcode Presence} in Redis, shared by every instance. Per user, a sorted set maps connection
 * id → expiry (epoch ms); a set lists the users currently counted online. The changes that decide
 * "came online" and "went offline" run as Lua scripts, atomically, so a connect on one instance
 * racing a disconnect on another cannot leave a live user marked offline, and only one instance
 * announces each departure.
 *
 * @module
 */
import type { RedisClient } from "../bus/redis_client.ts";
import type { Presence } from "./presence.ts";

const CONNECT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('SADD', KEYS[2], ARGV[5])`;

const DISCONNECT = `
local removed = redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if (removed == 1 or ARGV[4] == 'sweep') and redis.call('ZCARD', KEYS[1]) == 0 then
  return redis.call('SREM', KEYS[2], ARGV[3])
end
return 0`;

/**
 * @param client the instance's Redis connection
 * @param ttlMs how long a connection counts as alive without a heartbeat
 * @param prefix prefix of every key; default `chat:`
 */
export function createRedisPresence(
  client: RedisClient,
  ttlMs: number,
  prefix = "chat:",
): Presence {
  const userKey = (userId: string) => `${prefix}presence:${userId}`;
  const onlineKey = `${prefix}presence:online`;

  async function leave(userId: string, connectionId: string, mode: "close" | "sweep") {
    const gone = await client.eval(DISCONNECT, {
      keys: [userKey(userId), onlineKey],
      arguments: [String(Date.now()), connectionId, userId, mode],
    });
    return gone === 1;
  }

  return {
    async connect({ userId, connectionId }) {
      const now = Date.now();
      const added = await client.eval(CONNECT, {
        keys: [userKey(userId), onlineKey],
        arguments: [String(now), String(now + ttlMs), connectionId, String(ttlMs * 2), userId],
      });
      return added === 1;
    },
    disconnect: ({ userId, connectionId }) => leave(userId, connectionId, "close"),
    async heartbeat(entries) {
      if (entries.length === 0) return;
      const expiry = Date.now() + ttlMs;
      const multi = client.multi();
      // Entries are re-created, not just extended: a Redis restarted without persistence has
      // forgotten them, and the connections are still alive.
      for (const { userId, connectionId } of entries) {
        multi.zAdd(userKey(userId), { score: expiry, value: connectionId });
        multi.pExpire(userKey(userId), ttlMs * 2);
        multi.sAdd(onlineKey, userId);
      }
      await multi.exec();
    },
    async online(userIds) {
      if (userIds.length === 0) return new Set();
      const now = Date.now();
      const multi = client.multi();
      for (const id of userIds) multi.zCount(userKey(id), now, "+inf");
      const counts = await multi.exec();
      return new Set(userIds.filter((_, i) => Number(counts[i]) > 0));
    },
    async sweep() {
      const gone: string[] = [];
      for (const userId of await client.sMembers(onlineKey)) {
        if (await leave(userId, "", "sweep")) gone.push(userId);
      }
      return gone;
    },
  };
}
