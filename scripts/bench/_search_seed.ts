/**
 * Seeds a chat database for the search benchmark straight through SQL (the server would take
 * hours to store a million messages one send at a time): users, public and private rooms,
 * memberships, and messages of 6–15 words drawn with a skew from a vocabulary of common words and
 * rarer generated ones, spread over the last year in seq order. The messages go through the
 * schema's generated search vector and mentions trigger like any other insert.
 *
 * @module
 */
import type { SqlExecutor } from "../../server/db/sql_executor.ts";

/** The shape of the seeded data. */
export interface SeedPlan {
  messages: number;
  users: number;
  rooms: number;
  /** Rooms each user is a member of. */
  roomsPerUser: number;
}

/** Common words of team chat, most frequent first (the skew favours the start). */
export const COMMON_WORDS = (
  "deploy release build test review merge branch fix bug issue ticket meeting standup lunch " +
  "coffee server database query index cache latency error log alert incident rollback config " +
  "staging production customer support design spec docs api endpoint client token session " +
  "login password network timeout retry queue worker job schedule backup migration schema " +
  "table column report dashboard metric graph chart budget plan sprint roadmap feature flag " +
  "launch demo feedback question answer thanks please today tomorrow yesterday morning week " +
  "monday friday team project update status blocked done ready soon later maybe agree idea"
).split(" ");

/** Generated rare words (`zq0`…): each is in few messages, like names and identifiers. */
export const RARE_WORDS = 5_000;

/** Inserts the users, rooms, memberships and messages of `plan`; returns the seeding time in s. */
export async function seed(db: SqlExecutor, plan: SeedPlan, log: (line: string) => void) {
  const started = performance.now();
  await db.query(
    `insert into users (username, password_hash)
     select 'seed' || g, 'x' from generate_series(1, $1::int) g`,
    [plan.users],
  );
  await db.query(
    `insert into rooms (kind, name)
     select case when g % 4 = 0 then 'private' else 'public' end, 'seed-room-' || g
     from generate_series(1, $1::int) g`,
    [plan.rooms],
  );
  // Each user joins `roomsPerUser` rooms, spread so that every room has members.
  await db.query(
    `with u as (select id, row_number() over (order by id) - 1 as n from users
                where username like 'seed%'),
          r as (select id, row_number() over (order by id) - 1 as n from rooms
                where name like 'seed-room-%')
     insert into room_members (room_id, user_id)
     select r.id, u.id from u cross join generate_series(0, $1::int - 1) k
     join r on r.n = (u.n * 7 + k * 13) % $2::int
     on conflict do nothing`,
    [plan.roomsPerUser, plan.rooms],
  );
  log(`seed: ${plan.users} users, ${plan.rooms} rooms; inserting ${plan.messages} messages`);
  const batch = 100_000;
  for (let from = 0; from < plan.messages; from += batch) {
    const count = Math.min(batch, plan.messages - from);
    await insertMessages(db, from, count, plan.messages);
    log(`seed: ${from + count} messages`);
  }
  await db.query(
    `update rooms r set last_seq = coalesce((select max(seq) from messages m
       where m.room_id = r.id), 0)`,
  );
  await db.exec("analyze");
  return Math.round((performance.now() - started) / 100) / 10;
}

/**
 * Messages `from`..`from + count` of `total`: message i is in room i mod rooms, by one of its
 * members, created at now - 365 d × (1 - i / total), so later messages are newer.
 */
async function insertMessages(db: SqlExecutor, from: number, count: number, total: number) {
  await db.query(
    `with words as (select $4::text[] as common),
     rooms_numbered as (
       select id, row_number() over (order by id) - 1 as n, count(*) over () as total
       from rooms where name like 'seed-room-%'
     ),
     members as (
       select room_id, array_agg(user_id) as ids from room_members group by room_id
     ),
     numbered as (
       select g as i, r.id as room_id, m.ids
       from generate_series($1::int, $1::int + $2::int - 1) g
       join rooms_numbered r on r.n = g % r.total
       join members m on m.room_id = r.id
     )
     insert into messages (room_id, seq, sender_id, client_msg_id, text, created_at)
     select n.room_id,
       row_number() over (partition by n.room_id order by n.i)
         + coalesce((select max(seq) from messages x where x.room_id = n.room_id), 0),
       n.ids[1 + (n.i % array_length(n.ids, 1))],
       gen_random_uuid(),
       (select string_agg(
          case when random() < 0.85
            then w.common[1 + floor(power(random(), 2.5) * array_length(w.common, 1))::int]
            else 'zq' || floor(random() * $5::int)::int end, ' ')
        from generate_series(1, 6 + (n.i % 10)), words w),
       now() - interval '365 days' * (1 - n.i::float8 / $3::int)
     from numbered n`,
    [from, count, total, COMMON_WORDS, RARE_WORDS],
  );
}
