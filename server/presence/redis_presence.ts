/**
 * {@linkcode Presence} in Redis, shared by every instance. Per user, a sorted set maps connection
 * id → expiry (epoch ms); a set lists the users currently counted online. The changes that decide
 * "came online" and "went offline" run as Lua scripts, atomically, so a connect on one instance
 * racing a disconnect on another cannot leave a live user marked offline, and only one instance
 * announces each departure.
 *
 * On a Redis Cluster a script's keys must share a hash slot, so users are spread over
 * {@linkcode PRESENCE_BUCKETS} buckets by a hash of their id, each with its own online set: a
 * user's keys and their bucket's set carry the same hash tag (`{presence:<bucket>}`), and the
 * buckets spread over the shards. A single Redis uses the same keys.
 *
 * @module
 */
import type { RedisClient } from "../bus/redis_client.ts";
import type { RedisClusterClient } from "../bus/redis_cluster_client.ts";
import type { Presence } from "./presence.ts";

/**
 * Buckets of users, each one hash slot on a cluster: more than the masters of any cluster we plan
 * for (docs/scaling.md), few enough that a sweep reads them all at little cost.
 */
const PRESENCE_BUCKETS = 64;

/** The bucket of `userId`: FNV-1a of its UTF-16 code units, modulo {@linkcode PRESENCE_BUCKETS}. */
function presenceBucket(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0) % PRESENCE_BUCKETS;
}

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
 * @param client the instance's Redis connection, or its Redis Cluster connection
 * @param ttlMs how long a connection counts as alive without a heartbeat
 * @param prefix prefix of every key; default `chat:`
 * @param now the clock of the expiry scores, in epoch ms (tests pass a clock they advance; the
 *   keys' own Redis expiry, twice the TTL, only collects what nobody swept and stays real time)
 */
export function createRedisPresence(
  client: RedisClient | RedisClusterClient,
  ttlMs: number,
  prefix = "chat:",
  now: () => number = Date.now,
): Presence {
  const tag = (bucket: number) => `${prefix}{presence:${bucket}}`;
  const userKey = (userId: string) => `${tag(presenceBucket(userId))}:${userId}`;
  const onlineKey = (userId: string) => `${tag(presenceBucket(userId))}:online`;

  async function leave(userId: string, connectionId: string, mode: "close" | "sweep") {
    const gone = await client.eval(DISCONNECT, {
      keys: [userKey(userId), onlineKey(userId)],
      arguments: [String(now()), connectionId, userId, mode],
    });
    return gone === 1;
  }

  return {
    async connect({ userId, connectionId }) {
      const at = now();
      const added = await client.eval(CONNECT, {
        keys: [userKey(userId), onlineKey(userId)],
        arguments: [String(at), String(at + ttlMs), connectionId, String(ttlMs * 2), userId],
      });
      return added === 1;
    },
    disconnect: ({ userId, connectionId }) => leave(userId, connectionId, "close"),
    async heartbeat(entries) {
      const expiry = now() + ttlMs;
      // Commands issued together go out pipelined (per shard on a cluster), as a MULTI did, which a
      // cluster would refuse across slots. Entries are re-created, not just extended: a Redis
      // restarted without persistence has forgotten them, and the connections are still alive.
      await Promise.all(entries.flatMap(({ userId, connectionId }) => [
        client.zAdd(userKey(userId), { score: expiry, value: connectionId }),
        client.pExpire(userKey(userId), ttlMs * 2),
        client.sAdd(onlineKey(userId), userId),
      ]));
    },
    async online(userIds) {
      const at = now();
      // Alive while expiry > now, as the scripts' ZREMRANGEBYSCORE (-inf, now] and memory agree.
      const counts = await Promise.all(
        userIds.map((id) => client.zCount(userKey(id), `(${at}`, "+inf")),
      );
      return new Set(userIds.filter((_, i) => Number(counts[i]) > 0));
    },
    async sweep() {
      const gone: string[] = [];
      const buckets = Array.from(
        { length: PRESENCE_BUCKETS },
        (_, bucket) => `${tag(bucket)}:online`,
      );
      for (const members of await Promise.all(buckets.map((key) => client.sMembers(key)))) {
        for (const userId of members) {
          if (await leave(userId, "", "sweep")) gone.push(userId);
        }
      }
      return gone;
    },
  };
}
